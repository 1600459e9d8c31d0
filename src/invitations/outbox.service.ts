import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';

/** What a feature asks to send; written in the caller's transaction. */
export interface NewOutboxMessage {
  kind: OutboxMessage['kind'];
  recipientAddress: string;
  recipientName: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string; uid: string };
}

/** A row of the organiser's outbox page. */
export interface OutboxEntry {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  calendarMethod: string | null;
}

/** The outbox table: queued mail, delivered by `DispatcherService` (house rule 8). */
@Injectable()
export class OutboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Queues a message in the caller's transaction with a stable Message-ID. A still-pending older
   * message for the same calendar UID is superseded: the newer one carries the current state.
   */
  async enqueue(m: EntityManager, message: NewOutboxMessage): Promise<OutboxMessage> {
    const now = this.clock.now();
    if (message.calendar) {
      await m.update(OutboxMessage, { calendarUid: message.calendar.uid, status: 'pending' }, { status: 'superseded' });
    }
    return m.save(
      m.create(OutboxMessage, {
        messageId: `<${randomUUID()}@${this.config.idDomain}>`,
        kind: message.kind,
        recipientAddress: message.recipientAddress,
        recipientName: message.recipientName,
        subject: message.subject,
        textBody: message.textBody,
        htmlBody: message.htmlBody,
        calendarMethod: message.calendar?.method ?? null,
        calendarContent: message.calendar?.content ?? null,
        calendarUid: message.calendar?.uid ?? null,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
      }),
    );
  }

  /** The most recent messages, newest first, for the organiser. */
  async recent(limit = 200, status?: OutboxStatus): Promise<OutboxEntry[]> {
    const rows = await this.dataSource.getRepository(OutboxMessage).find({
      where: status ? { status } : {},
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      recipient: `${r.recipientName} <${r.recipientAddress}>`,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
      calendarMethod: r.calendarMethod,
    }));
  }

  /** Counts by status. */
  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows: { status: OutboxStatus; n: number }[] = await this.dataSource.query(
      'SELECT status, COUNT(*) AS n FROM outbox_message GROUP BY status',
    );
    const counts = { pending: 0, sending: 0, sent: 0, failed: 0, superseded: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }
}
