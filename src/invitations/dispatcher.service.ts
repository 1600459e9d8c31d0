import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { toNodemailerMessage } from './mail/invitation-mail';
import { MailTransportService } from './mail-transport.service';
import { claimDue, DeliveryOutcome, recordOutcomes } from './outbox-claims';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxClaimGuards } from './outbox-claim-guards';
import { fillSecret, needsSecret, OutboxSecretsService } from './outbox-secrets.service';
import { retryDelayMs } from './retry-delay';

/** Messages one pass claims at most (the background timer's passes). */
const PASS_LIMIT = 500;
/** Outcomes recorded in one transaction at most. */
const MARK_BATCH = 100;
/** How long a finished message waits at most for others to be recorded with it. */
const MARK_DELAY_MS = 10;

/** Result of one dispatch pass. */
export interface DispatchReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Delivers the outbox in the background; no request waits on SMTP (house rule 8).
 * Messages are claimed in batches by one guarded UPDATE (`FOR UPDATE SKIP LOCKED` on PostgreSQL;
 * several instances may run), and their outcomes recorded in batches (outbox-claims.ts), so a
 * message costs a share of two commits, not two. Per recipient, messages go in the order they
 * were queued (a batch holds at most the oldest waiting message of each recipient, and a later one
 * is claimable only once the earlier is recorded as sent), so a CANCEL never overtakes the
 * REQUEST it cancels; a message that no longer holds (a claim guard, outbox-claim-guards.ts) is
 * withdrawn in the claim's transaction instead of sent; failures retry with exponential backoff
 * and jitter, each message with its own, capped at `DISPATCH_RETRY_MAX_MS` (retry-delay.ts), and
 * after the last attempt the message is marked failed with the reason. A claim left by a
 * crashed process expires after the lease (`DISPATCH_CLAIM_LEASE_MS`, default 5 minutes) and the
 * message is sent again with the same Message-ID (at-least-once delivery: the messages in flight
 * and those sent within the last {@link MARK_DELAY_MS} ms before the crash). The SMTP pool has
 * `DISPATCH_CONCURRENCY` connections.
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DispatcherService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<DispatchReport>;
  /** Real time (ms) the last pass finished, for the liveness check (operations, not a rule). */
  private lastPassEndedAt?: number;
  /** Messages the last pass claimed: a full batch means more are waiting. */
  private lastClaimed = 0;
  private stopping = false;
  private ticking = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly transport: MailTransportService,
    private readonly clock: Clock,
    private readonly secrets: OutboxSecretsService,
    private readonly guards: OutboxClaimGuards,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mail.dispatchIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick().catch((e) => this.logger.error(e)), this.config.mail.dispatchIntervalMs);
    this.timer.unref();
    this.logger.log(`Mail goes to ${this.transport.describe()}`);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Runs one pass over the due messages (at most `limit`); passes never overlap in a process. */
  dispatchDue(limit = PASS_LIMIT): Promise<DispatchReport> {
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

  /** A timer tick: passes one after another while they find a full batch (a backlog), then waits. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (let i = 0; i < 1000 && !this.stopping; i++) {
        await this.dispatchDue();
        if (this.lastClaimed < PASS_LIMIT) return;
      }
    } finally {
      this.ticking = false;
    }
  }

  /**
   * One pass: claims up to `limit` due messages in one transaction (outbox-claims.ts), sends them
   * through the SMTP pool with `2 × DISPATCH_CONCURRENCY` handed to it at once (the pool keeps
   * `DISPATCH_CONCURRENCY` connections busy), and records the outcomes in batches: one
   * transaction for up to {@link MARK_BATCH} outcomes, or whatever has finished within
   * {@link MARK_DELAY_MS}. A message whose lease ran out before its turn (a very slow server) is
   * not sent and not recorded: another dispatcher may have claimed it again by then.
   */
  private async pass(limit: number): Promise<DispatchReport> {
    const report = { sent: 0, retried: 0, failed: 0 };
    const now = this.clock.now();
    const claimed = await this.transactions.run((m) => claimDue(m, now, new Date(now.getTime() + this.config.mail.claimLeaseMs), limit, (mm, message) => this.guards.withdraws(mm, message)));
    this.lastClaimed = claimed.length;
    if (claimed.length === 0) return report;
    const marks = new OutcomeBuffer((outcomes) => this.transactions.run((m) => recordOutcomes(m, outcomes, this.clock.now())));
    try {
      await forEachConcurrently(claimed, 2 * this.config.mail.dispatchConcurrency, async (message) => {
        if (this.clock.now().getTime() >= message.claimedUntil!.getTime()) return; // lease over: another dispatcher may hold it now
        try {
          // Built inside the try: a secret that cannot be opened is a delivery failure with its reason.
          await this.transport.send(this.toMail(message), `${message.id}-${message.kind}`);
          report.sent++;
          marks.add({ id: message.id, sent: true });
        } catch (error) {
          const outcome = this.failure(message, error);
          report[outcome.final ? 'failed' : 'retried']++;
          marks.add(outcome);
        }
      });
    } finally {
      await marks.close();
    }
    return report;
  }

  /** The retry state of a failed attempt: exponential backoff with jitter, final after the last attempt. */
  private failure(message: OutboxMessage, error: unknown): DeliveryOutcome & { sent: false } {
    const reason = error instanceof Error ? error.message : String(error);
    const final = message.attempts >= this.config.mail.maxAttempts;
    const delay = retryDelayMs(message.attempts, this.config.mail.retryBaseMs, this.config.mail.retryMaxMs);
    this.logger.warn(`Outbox message ${message.id} attempt ${message.attempts} failed: ${reason}${final ? ' (giving up)' : ''}`);
    return { id: message.id, sent: false, final, reason, nextAttemptAt: new Date(this.clock.now().getTime() + delay) };
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

/**
 * Outcomes waiting to be recorded: written by `flush` when {@link MARK_BATCH} have gathered or
 * {@link MARK_DELAY_MS} after the first, one write at a time. A failed write is kept and tried
 * again at the next flush; `close` writes the rest and rethrows the last write error.
 */
class OutcomeBuffer {
  private pending: DeliveryOutcome[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private error: unknown;

  constructor(private readonly write: (outcomes: DeliveryOutcome[]) => Promise<void>) {}

  add(outcome: DeliveryOutcome): void {
    this.pending.push(outcome);
    if (this.pending.length >= MARK_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), MARK_DELAY_MS);
  }

  async close(): Promise<void> {
    this.flush();
    await this.writing;
    if (this.pending.length > 0) await this.write(this.pending.splice(0)); // a retry of a failed write
    if (this.error) throw this.error;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      const batch = this.pending.splice(0);
      if (batch.length === 0) return;
      try {
        await this.write(batch);
        this.error = undefined;
      } catch (error) {
        this.error = error;
        this.pending.unshift(...batch);
      }
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
