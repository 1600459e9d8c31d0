import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { hashToken, newToken } from '../common/tokens';
import { APP_CONFIG, AppConfig, generatePassword } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { Account, AccountRole } from './account.entity';
import { LoginSession } from './login-session.entity';
import { hashPassword, needsRehash, verifyPassword } from './passwords';
import { STARTUP_TURN_KEYS, takeTurn } from '../database/startup-turns';

/** The signed-in person. */
export interface Organiser {
  id: number;
  username: string;
  displayName: string;
  role: AccountRole;
  /** Set for coordinators: the district they act for. */
  districtId: number | null;
  csrfToken: string;
}

/** Failed sign-ins in a row that lock an account, and for how long (issue 6). */
export const LOCKOUT = { attempts: 5, minutes: 15 };

/**
 * Accounts and server-side login sessions. The first organiser account is made at first start
 * with `ORGANISER_PASSWORD`, or a random password printed once to the log. Five failed
 * sign-ins in a row (counted atomically, parallel ones included) lock an account for 15 minutes.
 */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  private firstAccountNotice: string | null = null;

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.dataSource.getRepository(Account).countBy({ role: 'organiser' })) > 0) return;
    const password = this.config.organiser.password ?? generatePassword();
    const passwordHash = await hashPassword(password);
    const created = await this.transactions.run(async (m) => {
      // Instances starting at once on one database: one creates the account, the others see it.
      await takeTurn(m, STARTUP_TURN_KEYS.firstAccount);
      if ((await m.countBy(Account, { role: 'organiser' })) > 0) return false;
      await m.save(m.create(Account, { username: this.config.organiser.username, displayName: '市局组织者', role: 'organiser', passwordHash }));
      return true;
    });
    if (!created) return;
    const shown = this.config.organiser.password ? '(from ORGANISER_PASSWORD)' : password;
    this.firstAccountNotice = `Organiser account created: user "${this.config.organiser.username}", password ${shown}. It is shown only this once.`;
  }

  /**
   * The one-time notice of the first organiser account (with a generated password), for `main.ts`
   * to print as the last lines of the start-up, where a newcomer sees it; null after the first
   * call and on every later start. Never written to the structured log.
   */
  takeFirstAccountNotice(): string | null {
    const notice = this.firstAccountNotice;
    this.firstAccountNotice = null;
    return notice;
  }

  /**
   * Signs someone in. @returns the session token for the cookie.
   * The lock is decided from the stored row, never from a value read before the (slow) password
   * check: failures are counted by one guarded UPDATE, and a right password only signs in while
   * the row is not locked at that moment (issue 9 item 3).
   * @throws DomainError UNAUTHENTICATED (one message for a wrong name or password), ACCOUNT_LOCKED.
   */
  async login(username: string, password: string): Promise<string> {
    const account = await this.dataSource.getRepository(Account).findOneBy({ username });
    const now = this.clock.now();
    if (account?.lockedUntil && account.lockedUntil > now) throw this.locked(account.lockedUntil);
    const ok = account && account.active ? await verifyPassword(password, account.passwordHash) : await hashPassword(password).then(() => false);
    if (!account || !ok) {
      if (account) await this.recordFailure(account.id);
      throw new DomainError('UNAUTHENTICATED', '用户名或密码错误。');
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.config.organiser.sessionHours * 3_600_000);
    const rehash = needsRehash(account.passwordHash) ? await hashPassword(password) : null;
    await this.transactions.run(async (m) => {
      const unlocked = await m
        .createQueryBuilder()
        .update(Account)
        .set({ failedLogins: 0, lockedUntil: null, ...(rehash ? { passwordHash: rehash } : {}) })
        .where('id = :id AND ("lockedUntil" IS NULL OR "lockedUntil" <= :now)', { id: account.id, now })
        .execute();
      if (!unlocked.affected) {
        const stored = await m.findOneByOrFail(Account, { id: account.id });
        throw this.locked(stored.lockedUntil ?? now);
      }
      await m.delete(LoginSession, { expiresAt: LessThan(now) });
      await m.save(m.create(LoginSession, { tokenHash: hashToken(token), accountId: account.id, expiresAt, csrfToken: newToken() }));
    });
    return token;
  }

  /** The account a session token belongs to, or null when unknown, expired or deactivated. */
  async organiserFor(token: string | undefined): Promise<Organiser | null> {
    if (!token) return null;
    const session = await this.dataSource.getRepository(LoginSession).findOneBy({ tokenHash: hashToken(token) });
    if (!session || session.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    const account = await this.dataSource.getRepository(Account).findOneBy({ id: session.accountId, active: true });
    if (!account) return null;
    const { id, username, displayName, role, districtId } = account;
    return { id, username, displayName, role, districtId, csrfToken: session.csrfToken };
  }

  /** Ends a login session. */
  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.transactions.run((m) => m.delete(LoginSession, { tokenHash: hashToken(token) }));
  }

  /**
   * Counts one failed sign-in in a single UPDATE (so parallel failures all count) and locks the
   * account when the stored count reaches LOCKOUT.attempts. A failure after an expired lock starts
   * a new series at 1; failures while locked do not extend the lock.
   * @throws DomainError ACCOUNT_LOCKED when the account is locked after this failure.
   */
  private async recordFailure(accountId: number): Promise<void> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + LOCKOUT.minutes * 60_000);
    const count = 'CASE WHEN "lockedUntil" IS NOT NULL AND "lockedUntil" <= :now THEN 1 ELSE "failedLogins" + 1 END';
    const stored = await this.transactions.run(async (m) => {
      await m
        .createQueryBuilder()
        .update(Account)
        .set({
          failedLogins: () => count,
          lockedUntil: () => `CASE WHEN "lockedUntil" > :now THEN "lockedUntil" WHEN (${count}) >= :attempts THEN :until ELSE NULL END`,
        })
        .where('id = :id', { id: accountId })
        .setParameters({ now, until, attempts: LOCKOUT.attempts })
        .execute();
      return m.findOneByOrFail(Account, { id: accountId });
    });
    if (stored.lockedUntil && stored.lockedUntil > now) {
      if (stored.failedLogins === LOCKOUT.attempts) this.logger.warn(`Account ${accountId} locked after ${LOCKOUT.attempts} failed sign-ins`);
      throw this.locked(stored.lockedUntil);
    }
  }

  private locked(until: Date): DomainError {
    const minutes = Math.max(1, Math.ceil((until.getTime() - this.clock.now().getTime()) / 60_000));
    return new DomainError('ACCOUNT_LOCKED', `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试。`);
  }
}
