import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { hashToken, newToken } from '../common/tokens';
import { APP_CONFIG, AppConfig, generatePassword } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LoginSession } from './login-session.entity';
import { OrganiserAccount } from './organiser-account.entity';
import { hashPassword, verifyPassword } from './passwords';

/** The signed-in organiser. */
export interface Organiser {
  id: number;
  username: string;
}

/**
 * Organiser accounts and server-side login sessions. The first account is made at first start
 * with `ORGANISER_PASSWORD`, or a random password printed once to the log.
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

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.dataSource.getRepository(OrganiserAccount).count()) > 0) return;
    const password = this.config.organiser.password ?? generatePassword();
    await this.transactions.run(async (m) => {
      await m.save(m.create(OrganiserAccount, { username: this.config.organiser.username, passwordHash: await hashPassword(password) }));
    });
    const shown = this.config.organiser.password ? '(from ORGANISER_PASSWORD)' : password;
    this.logger.log(`Organiser account created: user "${this.config.organiser.username}", password ${shown}. It is shown only this once.`);
  }

  /**
   * Signs an organiser in. @returns the session token for the cookie.
   * @throws DomainError UNAUTHENTICATED on a wrong user name or password (one message for both).
   */
  async login(username: string, password: string): Promise<string> {
    const account = await this.dataSource.getRepository(OrganiserAccount).findOneBy({ username });
    const ok = account ? await verifyPassword(password, account.passwordHash) : await hashPassword(password).then(() => false);
    if (!account || !ok) throw new DomainError('UNAUTHENTICATED', '用户名或密码错误。');
    const token = newToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.organiser.sessionHours * 3_600_000);
    await this.transactions.run(async (m) => {
      await m.delete(LoginSession, { expiresAt: LessThan(this.clock.now()) });
      await m.save(m.create(LoginSession, { tokenHash: hashToken(token), accountId: account.id, expiresAt }));
    });
    return token;
  }

  /** The organiser a session token belongs to, or null when it is unknown or expired. */
  async organiserFor(token: string | undefined): Promise<Organiser | null> {
    if (!token) return null;
    const session = await this.dataSource.getRepository(LoginSession).findOneBy({ tokenHash: hashToken(token) });
    if (!session || session.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    const account = await this.dataSource.getRepository(OrganiserAccount).findOneBy({ id: session.accountId });
    return account ? { id: account.id, username: account.username } : null;
  }

  /** Ends a login session. */
  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.transactions.run((m) => m.delete(LoginSession, { tokenHash: hashToken(token) }));
  }
}
