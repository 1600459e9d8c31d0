import { AuditService } from '../audit/audit.service';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { insertRow } from '../database/insert-row';
import { together } from '../database/together';
import { TransactionRunner } from '../database/transaction-runner';
import { calendarFileName } from './mail/invitation-mail';
import { MailBatchesService } from './mail-batches.service';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { needsSecret, OutboxSecretsService } from './outbox-secrets.service';

/** What a feature asks to send; written in the caller's transaction. */
export interface NewOutboxMessage {
  kind: OutboxMessage['kind'];
  recipientAddress: string;
  recipientName: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  /** `freshUid`: the UID was minted in this transaction, so no older message can carry it. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string; uid: string; freshUid?: boolean };
  /**
   * A secret the bodies carry as `SECRET_PLACEHOLDER` (a personal link): stored sealed, put into
   * the mail at send time, erased once sent.
   */
  secret?: string;
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

/** Filters of one page of the queue (see `OutboxService.search`). */
export interface OutboxFilter {
  status?: OutboxStatus;
  kind?: string;
  recipient?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** One message as the organiser's message page shows it: what was (or will be) sent, exactly. */
export interface OutboxMessageDetail extends OutboxEntry {
  messageId: string;
  calendarUid: string | null;
  /** The calendar text byte for byte as stored and sent; null for a mail without calendar. */
  calendarContent: string | null;
  /** Header lines of the mail and its calendar parts, as the dispatcher writes them. */
  headers: { name: string; value: string }[];
  nextAttemptAt: Date;
  /** Failed, and no newer message for the same calendar UID exists, and its secret is kept. */
  resendable: boolean;
  /** Why a failed message cannot be sent again (Chinese), when it cannot. */
  resendRefusal: string | null;
}

/** The calendar file of a message, for download. */
export interface OutboxCalendarFile {
  fileName: string;
  method: 'REQUEST' | 'CANCEL';
  content: string;
}

/** The outbox table: queued mail, delivered by `DispatcherService` (house rule 8). */
@Injectable()
export class OutboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly secrets: OutboxSecretsService,
    private readonly batches: MailBatchesService,
  ) {}

  /**
   * Queues a message in the caller's transaction with a stable Message-ID. A still-pending older
   * message for the same calendar UID is superseded: the newer one carries the current state.
   * (A CANCEL is sent even when the REQUEST it cancels was superseded unsent: clients ignore a
   * CANCEL for an event they do not hold, RFC 5546 §3.2.5.)
   */
  async enqueue(m: EntityManager, message: NewOutboxMessage): Promise<OutboxMessage> {
    const now = this.clock.now();
    const row = m.create(OutboxMessage, {
      messageId: `<${randomUUID()}@${this.config.idDomain}>`,
      kind: message.kind,
      recipientAddress: message.recipientAddress,
      recipientName: message.recipientName,
      subject: message.subject,
      textBody: message.textBody,
      htmlBody: message.htmlBody,
      sealedSecret: message.secret === undefined ? null : this.secrets.seal(message.secret),
      calendarMethod: message.calendar?.method ?? null,
      calendarContent: message.calendar?.content ?? null,
      calendarUid: message.calendar?.uid ?? null,
      status: 'pending',
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
    });
    // The superseding UPDATE and the INSERT go out side by side (issue 10, item 2): the UPDATE
    // names the new row's Message-ID as the one it must not touch, whichever runs first.
    const calendar = message.calendar;
    const supersede = calendar && !calendar.freshUid
      ? m.createQueryBuilder().update(OutboxMessage).set({ status: 'superseded', sealedSecret: null })
          .where('"calendarUid" = :uid AND status = :pending AND "messageId" <> :messageId', { uid: calendar.uid, pending: 'pending', messageId: row.messageId })
          .execute()
      : Promise.resolve();
    [row.id] = await together(insertRow(m, OutboxMessage, { ...row }), supersede);
    await this.batches.add(m, row.id); // the action's progress page counts it (issue 11, item 8)
    return row;
  }

  /**
   * Supersedes the unsent (pending or failed) personal-link mails to `recipientAddress` and erases
   * their sealed links, in the caller's transaction: the link they carry has just been revoked or
   * replaced, so sending it later would only hand out a dead link. A message being sent right now
   * (claimed) is left to finish.
   */
  async supersedeLinkMails(m: EntityManager, recipientAddress: string): Promise<void> {
    await m.update(
      OutboxMessage,
      { kind: 'personal-link', recipientAddress, status: In(['pending', 'failed']) },
      { status: 'superseded', sealedSecret: null },
    );
  }

  /** The most recent messages, newest first, for the organiser. */
  async recent(limit = 200, status?: OutboxStatus): Promise<OutboxEntry[]> {
    const rows = await this.dataSource.getRepository(OutboxMessage).find({
      where: status ? { status } : {},
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map(toEntry);
  }

  /**
   * One page of the queue, newest first, filtered in SQL (issue 13, item 1): status, kind, part
   * of the recipient's address or name, and the day queued (`from`/`to`: inclusive instants).
   * @returns the page and the number of all matching messages.
   */
  async search(filter: OutboxFilter): Promise<{ rows: OutboxEntry[]; total: number }> {
    const qb = this.dataSource.getRepository(OutboxMessage).createQueryBuilder('o');
    if (filter.status) qb.andWhere('o.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.recipient) {
      const like = `%${filter.recipient.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // LOWER on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
      qb.andWhere(`(LOWER(o."recipientAddress") LIKE LOWER(:like) ESCAPE '\\' OR LOWER(o."recipientName") LIKE LOWER(:like) ESCAPE '\\')`, { like });
    }
    if (filter.from) qb.andWhere('o."createdAt" >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('o."createdAt" < :to', { to: filter.to });
    const total = await qb.getCount();
    const rows = await qb.orderBy('o.id', 'DESC').limit(filter.limit).offset(filter.offset).getMany();
    return { rows: rows.map(toEntry), total };
  }

  /** One message with its headers and calendar text. @throws DomainError NOT_FOUND. */
  async detail(id: number): Promise<OutboxMessageDetail> {
    const r = await this.findOrFail(id);
    const headers = [
      { name: 'From', value: `${this.config.mail.fromName} <${this.config.mail.fromAddress}>` },
      { name: 'To', value: `${r.recipientName} <${r.recipientAddress}>` },
      { name: 'Subject', value: r.subject },
      { name: 'Message-ID', value: r.messageId },
    ];
    if (r.calendarMethod) {
      headers.push(
        { name: 'Content-Type（日历正文）', value: `text/calendar; charset=utf-8; method=${r.calendarMethod}` },
        { name: 'Content-Type（附件）', value: `application/ics; method=${r.calendarMethod}; name=${calendarFileName(r.calendarMethod)}` },
      );
    }
    return {
      ...toEntry(r),
      messageId: r.messageId,
      calendarUid: r.calendarUid,
      calendarContent: r.calendarContent,
      headers,
      nextAttemptAt: r.nextAttemptAt,
      resendable: false,
      resendRefusal: null,
      ...(r.status === 'failed' ? await this.resendCheck(this.dataSource.manager, r) : {}),
    };
  }

  /** The stored calendar file of a message. @throws DomainError NOT_FOUND (no message, no calendar). */
  async calendarFile(id: number): Promise<OutboxCalendarFile> {
    const r = await this.findOrFail(id);
    if (!r.calendarMethod || r.calendarContent === null) throw new DomainError('NOT_FOUND', `邮件 ${id} 没有日历文件。`);
    return { fileName: calendarFileName(r.calendarMethod), method: r.calendarMethod, content: r.calendarContent };
  }

  /**
   * Queues a failed message again, unchanged: same Message-ID and bytes, attempts back to 0,
   * due now. The dispatcher keeps it in order with the recipient's other messages.
   * A failed personal-link mail keeps its sealed link, so it can be sent again.
   * @throws DomainError NOT_FOUND; INVALID_STATE when it has not failed, when a newer message
   *   for the same calendar UID exists (the old version would undo the newer one), or when its
   *   bodies expect a personal link that is no longer stored (queued before links were sealed).
   */
  async resend(id: number): Promise<void> {
    await this.transactions.run(async (m) => {
      const r = await m.findOneBy(OutboxMessage, { id });
      if (!r) throw new DomainError('NOT_FOUND', `邮件 ${id} 不存在。`);
      if (r.status !== 'failed') throw new DomainError('INVALID_STATE', '只有发送失败的邮件可以重新发送。');
      const check = await this.resendCheck(m, r);
      if (!check.resendable) throw new DomainError('INVALID_STATE', check.resendRefusal!);
      await m.update(
        OutboxMessage,
        { id, status: 'failed' },
        { status: 'pending', attempts: 0, nextAttemptAt: this.clock.now(), claimedUntil: null },
      );
      await this.audit.record(m, { action: 'outbox.resend', subjectType: 'outbox_message', subjectId: id, before: { status: 'failed', attempts: r.attempts }, after: { status: 'pending', attempts: 0 } });
    });
  }

  private async findOrFail(id: number): Promise<OutboxMessage> {
    const row = await this.dataSource.getRepository(OutboxMessage).findOneBy({ id });
    if (!row) throw new DomainError('NOT_FOUND', `邮件 ${id} 不存在。`);
    return row;
  }

  private async resendCheck(m: EntityManager, r: OutboxMessage): Promise<{ resendable: boolean; resendRefusal: string | null }> {
    if (await this.hasNewer(m, r)) return { resendable: false, resendRefusal: '该日历已有更新的通知，重新发送此旧版本会覆盖新的安排。' };
    if (r.sealedSecret === null && needsSecret(r)) return { resendable: false, resendRefusal: LINK_GONE };
    return { resendable: true, resendRefusal: null };
  }

  private async hasNewer(m: EntityManager, r: OutboxMessage): Promise<boolean> {
    if (!r.calendarUid) return false;
    const newer = await m
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .where(`o."calendarUid" = :uid AND o.id > :id AND o.status IN ('pending', 'sending', 'sent')`, { uid: r.calendarUid, id: r.id })
      .getCount();
    return newer > 0;
  }

  /** How long (seconds) the oldest message due for delivery has been waiting; null when none is due. */
  async oldestDueSeconds(): Promise<number | null> {
    const now = this.clock.now();
    const row = await this.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .select('MIN(o."nextAttemptAt")', 'oldest')
      .where(`o.status = 'pending' AND o."nextAttemptAt" <= :now`, { now })
      .getRawOne<{ oldest: string | Date | null }>();
    if (!row?.oldest) return null;
    const oldest = row.oldest instanceof Date ? row.oldest : new Date(`${String(row.oldest).replace(' ', 'T')}Z`);
    return Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000));
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

const LINK_GONE = '此邮件的个人链接已不在系统中保存，无法重新发送；请在人员列表中为该参训人员补发链接。';

function toEntry(r: OutboxMessage): OutboxEntry {
  return {
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
  };
}
