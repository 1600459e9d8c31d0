import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { toNodemailerMessage } from './mail/invitation-mail';
import { MailTransportService } from './mail-transport.service';
import { OutboxClaimGuards } from './outbox-claim-guards';
import { OutboxMessage } from './outbox-message.entity';
import { fillSecret, needsSecret, OutboxSecretsService } from './outbox-secrets.service';
import { retryDelayMs } from './retry-delay';

/** Result of one dispatch pass. */
export interface DispatchReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Delivers the outbox in the background; no request waits on SMTP (house rule 8).
 * A message is claimed by a guarded UPDATE before it is sent (several instances may run);
 * per recipient, messages go in the order they were queued, so a CANCEL never overtakes the
 * REQUEST it cancels; failures retry with exponential backoff and jitter, capped at
 * `DISPATCH_RETRY_MAX_MS` (retry-delay.ts), and after the last
 * attempt the message is marked failed with the reason. A claim left by a crashed process
 * expires after the lease (`DISPATCH_CLAIM_LEASE_MS`, default 5 minutes) and the message is
 * sent again with the same Message-ID (at-least-once delivery). A pass sends up to
 * `DISPATCH_CONCURRENCY` messages at once, never two for the same recipient.
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DispatcherService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<DispatchReport>;
  /** Real time (ms) the last pass finished, for the liveness check (operations, not a rule). */
  private lastPassEndedAt?: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly transport: MailTransportService,
    private readonly clock: Clock,
    private readonly secrets: OutboxSecretsService,
    private readonly guards: OutboxClaimGuards,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mail.dispatchIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.dispatchDue().catch((e) => this.logger.error(e)), this.config.mail.dispatchIntervalMs);
    this.timer.unref();
    this.logger.log(`Mail goes to ${this.transport.describe()}`);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Runs one pass over the due messages (at most `limit`); passes never overlap in a process. */
  dispatchDue(limit = 500): Promise<DispatchReport> {
    if (!this.running) {
      this.running = this.pass(limit).finally(() => {
        this.running = undefined;
        this.lastPassEndedAt = Date.now();
      });
    }
    return this.running;
  }

  /**
   * Liveness for `/health`: off (`DISPATCH_INTERVAL_MS=0`), or alive when a pass ended within three
   * intervals (or one is running now).
   */
  liveness(): { enabled: boolean; alive: boolean; lastPassSecondsAgo: number | null } {
    const interval = this.config.mail.dispatchIntervalMs;
    const ago = this.lastPassEndedAt === undefined ? null : (Date.now() - this.lastPassEndedAt) / 1000;
    if (interval <= 0) return { enabled: false, alive: true, lastPassSecondsAgo: ago };
    const alive = this.running !== undefined || (ago !== null ? ago * 1000 < 3 * interval + 1000 : true);
    return { enabled: true, alive, lastPassSecondsAgo: ago };
  }

  /** Dispatches until nothing due is left (tests, shutdown). */
  async drain(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      const report = await this.dispatchDue();
      if (report.sent + report.retried + report.failed === 0) return;
    }
  }

  private async pass(limit: number): Promise<DispatchReport> {
    const report = { sent: 0, retried: 0, failed: 0 };
    // dueInOrder returns at most one message per recipient (the oldest still waiting), so
    // sending them side by side never lets a recipient's later message overtake an earlier one.
    await forEachConcurrently(await this.dueInOrder(limit), this.config.mail.dispatchConcurrency, async (message) => {
      const outcome = await this.deliver(message);
      if (outcome) report[outcome]++;
    });
    return report;
  }

  /** Claims, sends and records one message; null when another dispatcher claimed it first. */
  private async deliver(message: OutboxMessage): Promise<keyof DispatchReport | null> {
    if (!(await this.claim(message))) return null;
    try {
      // Built inside the try: a secret that cannot be opened is a delivery failure with its reason.
      await this.transport.send(this.toMail(message), `${message.id}-${message.kind}`);
      await this.transactions.run((m) =>
        m.update(OutboxMessage, { id: message.id, status: 'sending' }, { status: 'sent', sentAt: this.clock.now(), claimedUntil: null, lastError: null, sealedSecret: null }),
      );
      return 'sent';
    } catch (error) {
      return (await this.recordFailure(message, error)) ? 'failed' : 'retried';
    }
  }

  /**
   * Due messages whose recipient has no older message still waiting (pending or sending):
   * at most one per recipient.
   */
  private async dueInOrder(limit: number): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    const candidates = await this.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      // Bracketed as a whole: TypeORM joins .where and .andWhere with a bare AND, and AND binds
      // tighter than OR, which left pending messages outside the per-recipient order below.
      .where(`((o.status = 'pending' AND o."nextAttemptAt" <= :now) OR (o.status = 'sending' AND o."claimedUntil" < :now))`, { now })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM outbox_message older WHERE older."recipientAddress" = o."recipientAddress"
           AND older.id < o.id AND older.status IN ('pending', 'sending'))`,
      )
      .orderBy('o.id', 'ASC')
      .take(limit)
      .getMany();
    return candidates;
  }

  /**
   * Claims the message with a guarded UPDATE. In the same transaction the claim guards run first
   * (outbox-claim-guards.ts): a message that no longer holds is withdrawn (superseded, its sealed
   * secret erased) and not claimed, so a change committed before the claim is never overtaken.
   */
  private async claim(message: OutboxMessage): Promise<boolean> {
    const now = this.clock.now();
    const claimable = `id = :id AND (status = 'pending' OR (status = 'sending' AND "claimedUntil" < :now))`;
    const result = await this.transactions.run(async (m) => {
      if (await this.guards.withdraws(m, message)) {
        await m.createQueryBuilder().update(OutboxMessage).set({ status: 'superseded', claimedUntil: null, sealedSecret: null }).where(claimable, { id: message.id, now }).execute();
        return { affected: 0 };
      }
      return m
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ status: 'sending', claimedUntil: new Date(now.getTime() + this.config.mail.claimLeaseMs), attempts: () => 'attempts + 1' })
        .where(claimable, { id: message.id, now })
        .execute();
    });
    if (result.affected === 1) message.attempts += 1;
    return result.affected === 1;
  }

  /** @returns true when the message has now failed for good. */
  private async recordFailure(message: OutboxMessage, error: unknown): Promise<boolean> {
    const reason = error instanceof Error ? error.message : String(error);
    const final = message.attempts >= this.config.mail.maxAttempts;
    const delay = retryDelayMs(message.attempts, this.config.mail.retryBaseMs, this.config.mail.retryMaxMs);
    this.logger.warn(`Outbox message ${message.id} attempt ${message.attempts} failed: ${reason}${final ? ' (giving up)' : ''}`);
    await this.transactions.run((m) =>
      m.update(
        OutboxMessage,
        { id: message.id, status: 'sending' },
        final
          ? { status: 'failed', lastError: reason.slice(0, 2000), claimedUntil: null }
          : { status: 'pending', lastError: reason.slice(0, 2000), claimedUntil: null, nextAttemptAt: new Date(this.clock.now().getTime() + delay) },
      ),
    );
    return final;
  }

  /**
   * The mail as sent: the sealed secret (a personal link, a sign-in URL) opened and put in place of
   * its placeholders (`fillSecret`).
   * @throws Error when the bodies expect a secret that is not stored or cannot be opened.
   */
  private toMail(message: OutboxMessage) {
    let { textBody, htmlBody } = message;
    if (message.sealedSecret !== null) {
      ({ textBody, htmlBody } = fillSecret(message, this.secrets.open(message.sealedSecret)));
    } else if (needsSecret(message)) {
      throw new Error('此邮件的个人链接已不在系统中保存，无法发送；请补发链接。');
    }
    return toNodemailerMessage({
      from: { name: this.config.mail.fromName, address: this.config.mail.fromAddress },
      to: { name: message.recipientName, address: message.recipientAddress },
      subject: message.subject,
      text: textBody,
      html: htmlBody,
      messageId: message.messageId,
      date: message.createdAt,
      calendar: message.calendarMethod && message.calendarContent ? { method: message.calendarMethod, content: message.calendarContent } : undefined,
    });
  }
}

/** Runs `work` on every item, at most `limit` at a time; rejects with the first error. */
async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
