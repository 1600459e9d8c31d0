import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { hashToken, isWellFormedToken, newToken } from '../common/tokens';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SignInCode } from './sign-in-code.entity';

/** The one refusal for a code that is malformed, unknown, revoked or of another registration. */
export const INVALID_CODE_MESSAGE = '签到码无效或已作废，请核对人员后在签到名单中勾选。';

/**
 * Per-registration sign-in codes (issue 11, item 5): what the QR code carries. A code is never
 * the personal link: it lets signed-in staff sign that registration in and nothing else.
 * Only SHA-256 hashes are stored. A page code is derived from the personal link's token with
 * HMAC-SHA256 (key: the token; message: registration id and revision), so the personal page can
 * show the same code again without the code being stored; it changes when the link is reissued or
 * the code revoked. A mail code is random (32 bytes) and issued for one e-mail.
 */
@Injectable()
export class SignInCodesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The URL the QR code encodes: the staff scan page of `code`. */
  scanUrl(code: string): string {
    return `${this.config.publicBaseUrl.replace(/\/$/, '')}/signin/${code}`;
  }

  /**
   * The page code of a registration for the holder of `personalToken`, in the caller's
   * transaction. Reuses the active page code when it was derived from this token; otherwise
   * revokes it and stores the next revision. @returns the code (43 characters, base64url).
   */
  async pageCode(m: EntityManager, registrationId: number, personalToken: string): Promise<string> {
    const active = await m.findOneBy(SignInCode, { registrationId, channel: 'page', revokedAt: IsNull() });
    if (active) {
      const code = derive(personalToken, registrationId, active.revision);
      if (hashToken(code) === active.codeHash) return code;
      await m.update(SignInCode, active.id, { revokedAt: this.clock.now() });
    }
    const revision = await m.countBy(SignInCode, { registrationId, channel: 'page' });
    const code = derive(personalToken, registrationId, revision);
    await m.insert(SignInCode, { registrationId, codeHash: hashToken(code), channel: 'page', revision, createdAt: this.clock.now(), revokedAt: null });
    return code;
  }

  /** The active page code of a registration when it was derived from `personalToken`, else null (a read only). */
  async existingPageCode(m: EntityManager, registrationId: number, personalToken: string): Promise<string | null> {
    const active = await m.findOneBy(SignInCode, { registrationId, channel: 'page', revokedAt: IsNull() });
    if (!active) return null;
    const code = derive(personalToken, registrationId, active.revision);
    return hashToken(code) === active.codeHash ? code : null;
  }

  /** Issues a random code for one e-mail (e.g. a reminder), in the caller's transaction. */
  async mailCode(m: EntityManager, registrationId: number): Promise<string> {
    const code = newToken();
    await m.insert(SignInCode, { registrationId, codeHash: hashToken(code), channel: 'mail', revision: 0, createdAt: this.clock.now(), revokedAt: null });
    return code;
  }

  /** Revokes every code of a registration (the QR codes on its page and in its mails stop working). @returns how many. */
  async revokeAll(m: EntityManager, registrationId: number): Promise<number> {
    const result = await m.update(SignInCode, { registrationId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    return result.affected ?? 0;
  }

  /**
   * The registration a scanned code signs in.
   * @throws DomainError NOT_FOUND (`INVALID_CODE_MESSAGE`) when the code is malformed, unknown or revoked.
   */
  async registrationOf(m: EntityManager, code: string): Promise<number> {
    const invalid = new DomainError('NOT_FOUND', INVALID_CODE_MESSAGE);
    if (!isWellFormedToken(code)) throw invalid;
    const row = await m.findOneBy(SignInCode, { codeHash: hashToken(code) });
    if (!row || row.revokedAt) throw invalid;
    return row.registrationId;
  }
}

function derive(personalToken: string, registrationId: number, revision: number): string {
  return createHmac('sha256', personalToken).update(`sign-in:${registrationId}:${revision}`).digest('base64url');
}
