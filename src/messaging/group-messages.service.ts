import { Injectable } from '@nestjs/common';
import { UNSAFE_TEXT } from '../common/text-rules';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { isUniqueViolation } from '../registrations/registration-rules';
import { AuditService } from '../audit/audit.service';
import type { Organiser } from '../auth/auth.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { OutboxMessage } from '../invitations/outbox-message.entity';
import { ParticipantProfile } from '../organisation/organisation.service';
import { TrainingRun } from '../training/training-run.entity';
import { AUDIENCE_STATUS_TEXT, GroupAudienceService } from './group-audience.service';
import { AudienceFilter, AudienceStatus, GroupMessage, GroupMessageRecipient } from './group-message.entity';
import { NoticeMailService } from './notice-mail.service';

/** A message as the form sends it. */
export interface GroupDraft {
  audience: AudienceFilter;
  subject: string;
  body: string;
}

/**
 * Reads the form (`session`, `district`, `status`, `subject`, `body`); a coordinator's district
 * is always their own. @throws DomainError VALIDATION_FAILED (Chinese).
 */
export function readDraft(form: Record<string, unknown>, account: Organiser): GroupDraft {
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
  // Empty means "all"; anything else must be an id, never silently widened to everyone.
  const id = (key: string, what: string) => {
    if (!text(key)) return undefined;
    if (!/^\d{1,9}$/.test(text(key))) throw new DomainError('VALIDATION_FAILED', `请选择列表中的${what}。`);
    return Number(text(key));
  };
  const status = text('status');
  if (status && !(status in AUDIENCE_STATUS_TEXT)) throw new DomainError('VALIDATION_FAILED', '请选择列表中的人员状态。');
  const subject = text('subject');
  const body = typeof form.body === 'string' ? form.body.replace(/\r\n?/g, '\n').trim() : '';
  if (!subject || subject.length > 100) throw new DomainError('VALIDATION_FAILED', '请填写邮件主题（不超过 100 字）。');
  // The subject is one line (it becomes the mail's Subject header); the body may have line breaks.
  if (UNSAFE_TEXT.test(subject)) throw new DomainError('VALIDATION_FAILED', '邮件主题不能含换行、制表符、控制字符或不可见的格式字符。');
  if (!body || body.length > 5000) throw new DomainError('VALIDATION_FAILED', '请填写邮件正文（不超过 5000 字）。');
  const districtId = account.role === 'coordinator' ? (account.districtId ?? -1) : id('district', '区');
  return { audience: { sessionId: id('session', '期次'), districtId, status: (status || undefined) as AudienceStatus | undefined }, subject, body };
}

/** Progress of a sent message: its outbox rows by status. */
export interface GroupProgress {
  message: GroupMessage;
  sent: number;
  pending: number;
  failed: number;
}

/**
 * Messages to a group (issue 11, item 2): preview (how many, who, the mail as it will read), then
 * send — one outbox row per person in one transaction, only if the group is still the one previewed.
 */
@Injectable()
export class GroupMessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audience: GroupAudienceService,
    private readonly notices: NoticeMailService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Who it reaches and the mail as the first of them will get it. @throws DomainError NOT_FOUND (run). */
  async preview(runId: number, draft: GroupDraft): Promise<{ recipients: ParticipantProfile[]; subject: string; text: string }> {
    const run = await this.run(runId);
    const recipients = await this.audience.select(runId, draft.audience);
    const first = recipients[0] ?? { name: '（姓名）', email: '' };
    return { recipients, subject: draft.subject, text: this.notices.render(this.notice(run, first, draft)).text };
  }

  /**
   * Queues one mail per recipient. `sendKey` is the preview's one-time key: the same preview
   * submitted again (a double click, parallel submits) queues nothing and returns the message it
   * already sent — the unique index on `sendKey` decides between simultaneous submits.
   * @returns the message id.
   * @throws DomainError INVALID_STATE when nobody matches or the count differs from `expectedCount`
   *   (the preview); NOT_FOUND when the key belongs to another run or another account's message.
   */
  async send(runId: number, draft: GroupDraft, expectedCount: number, account: Organiser, sendKey: string): Promise<number> {
    const run = await this.run(runId);
    const already = () => this.sentWith(sendKey, runId, account);
    const earlier = await already();
    if (earlier !== null) return earlier;
    try {
      return await this.queue(run, draft, expectedCount, account, sendKey);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const id = await already(); // a simultaneous submit of the same preview won
      if (id === null) throw error;
      return id;
    }
  }

  /** The message sent with `sendKey`, or null. @throws DomainError NOT_FOUND when it is not this run's or this account's. */
  private async sentWith(sendKey: string, runId: number, account: Organiser): Promise<number | null> {
    const message = await this.dataSource.getRepository(GroupMessage).findOneBy({ sendKey });
    if (!message) return null;
    if (message.runId !== runId || message.createdBy !== account.username) throw new DomainError('NOT_FOUND', '这条消息不存在。');
    return message.id;
  }

  private queue(run: TrainingRun, draft: GroupDraft, expectedCount: number, account: Organiser, sendKey: string): Promise<number> {
    const runId = run.id;
    return this.transactions.run(async (m) => {
      const recipients = await this.audience.select(runId, draft.audience);
      if (!recipients.length) throw new DomainError('INVALID_STATE', '没有符合条件的收件人。');
      if (recipients.length !== expectedCount) throw new DomainError('INVALID_STATE', `收件人已变化（预览时 ${expectedCount} 人，现在 ${recipients.length} 人），请重新预览后再发送。`);
      const message = await m.save(m.create(GroupMessage, { runId, audience: draft.audience, subject: draft.subject, body: draft.body, recipientCount: recipients.length, createdBy: account.username, districtId: account.role === 'coordinator' ? account.districtId : null, createdAt: this.clock.now(), sendKey }));
      for (const person of recipients) {
        const outboxMessageId = await this.notices.queue(m, this.notice(run, person, draft));
        await m.insert(GroupMessageRecipient, { groupMessageId: message.id, participantId: person.id, outboxMessageId });
      }
      await this.audit.record(m, { action: 'message.send', subjectType: 'group_message', subjectId: message.id, districtId: message.districtId, after: { audience: draft.audience, subject: draft.subject, recipients: recipients.length } });
      return message.id;
    });
  }

  /** @throws DomainError NOT_FOUND (none, or another district's for a coordinator). */
  async progress(id: number, account: Organiser): Promise<GroupProgress> {
    const message = await this.dataSource.getRepository(GroupMessage).findOneBy({ id });
    if (!message || (account.role === 'coordinator' && message.districtId !== account.districtId)) throw new DomainError('NOT_FOUND', `消息 ${id} 不存在。`);
    const ids = (await this.dataSource.getRepository(GroupMessageRecipient).findBy({ groupMessageId: id })).map((r) => r.outboxMessageId);
    const rows = ids.length ? await this.dataSource.getRepository(OutboxMessage).find({ where: { id: In(ids) }, select: { id: true, status: true } }) : [];
    const count = (...s: string[]) => rows.filter((r) => s.includes(r.status)).length;
    return { message, sent: count('sent'), pending: count('pending', 'sending'), failed: count('failed') };
  }

  /** Messages of a run, newest first (a coordinator's own district's only). */
  list(runId: number, account: Organiser): Promise<GroupMessage[]> {
    return this.dataSource.getRepository(GroupMessage).find({ where: { runId, ...(account.role === 'coordinator' ? { districtId: account.districtId ?? -1 } : {}) }, order: { id: 'DESC' } });
  }

  private notice(run: TrainingRun, to: { name: string; email: string }, draft: GroupDraft) {
    return { to, subject: draft.subject, lead: `${run.title}通知：`, lines: draft.body.split('\n').filter((l) => l.trim()) };
  }

  private async run(runId: number): Promise<TrainingRun> {
    const run = await this.dataSource.getRepository(TrainingRun).findOneBy({ id: runId });
    if (!run) throw new DomainError('NOT_FOUND', `培训班 ${runId} 不存在。`);
    return run;
  }
}
