import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Handlebars from 'handlebars';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { qrHtmlTable } from './mail/qr-table';

/** What the stored bodies carry where the secret goes; replaced at send time (issue 9 item 5). */
export const SECRET_PLACEHOLDER = '[[PERSONAL_LINK]]';

/**
 * Where the HTML body carries a QR code of the secret (a reminder's sign-in URL, issue 11 item 5):
 * drawn at send time as an HTML table, so the stored body holds neither the code nor its picture.
 */
export const SECRET_QR_PLACEHOLDER = '[[SIGN_IN_QR]]';

const PLACEHOLDERS = [SECRET_PLACEHOLDER, SECRET_QR_PLACEHOLDER];

/** Whether stored bodies leave a place for a secret. */
export function needsSecret(r: { textBody: string; htmlBody: string }): boolean {
  return PLACEHOLDERS.some((p) => r.textBody.includes(p) || r.htmlBody.includes(p));
}

/**
 * The bodies as sent: `secret` as is in the text body and HTML-escaped in the HTML body in place of
 * `SECRET_PLACEHOLDER`; a QR code of it (HTML table) in place of `SECRET_QR_PLACEHOLDER`.
 */
export function fillSecret(bodies: { textBody: string; htmlBody: string }, secret: string): { textBody: string; htmlBody: string } {
  const fill = (body: string, escaped: string, qr: () => string) => {
    const withLink = body.split(SECRET_PLACEHOLDER).join(escaped);
    return withLink.includes(SECRET_QR_PLACEHOLDER) ? withLink.split(SECRET_QR_PLACEHOLDER).join(qr()) : withLink;
  };
  const qr = () => qrHtmlTable(secret);
  return { textBody: fill(bodies.textBody, secret, () => secret), htmlBody: fill(bodies.htmlBody, Handlebars.escapeExpression(secret), qr) };
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = 'v1';

/**
 * Seals a secret (a personal link, a reminder's sign-in URL) for the outbox with AES-256-GCM, so the database never holds
 * it in clear. The key is 32 random bytes in `mail.secretKeyPath`, written once on first use
 * (mode 0600; a second process that loses the race reads the winner's key). Sealed text:
 * `v1:<iv>:<tag>:<ciphertext>`, base64url parts.
 */
@Injectable()
export class OutboxSecretsService {
  private key?: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** @returns the sealed form of `secret` (a fresh IV every time). */
  seal(secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyBytes(), iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [FORMAT, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
  }

  /**
   * @returns the secret `seal` sealed.
   * @throws Error (Chinese message, shown as the delivery error) when the text is not ours or the
   *   key changed since it was sealed.
   */
  open(sealed: string): string {
    const [format, iv, tag, body] = sealed.split(':');
    if (format !== FORMAT || !iv || !tag || body === undefined) throw new Error('个人链接的密文格式无法识别。');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.keyBytes(), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`无法解密个人链接（密钥文件 ${this.config.mail.secretKeyPath} 已更换？）；请在人员列表中补发链接。`);
    }
  }

  private keyBytes(): Buffer {
    if (this.key) return this.key;
    const path = this.config.mail.secretKeyPath;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const key = readFileSync(path);
    if (key.length !== KEY_BYTES) throw new Error(`${path} must hold exactly ${KEY_BYTES} bytes (got ${key.length})`);
    return (this.key = key);
  }
}
