import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { daysOf } from '../attendance/session-days';
import { LeaveRequest } from '../leave/leave-request.entity';
import { SignInCodesService } from '../attendance/sign-in-codes.service';
import { Clock } from '../common/clock';
import { formatShanghai, toShanghaiParts } from '../common/shanghai-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { MailTemplatesService } from '../invitations/mail-templates.service';
import { OutboxClaimGuards } from '../invitations/outbox-claim-guards';
import { OutboxMessage } from '../invitations/outbox-message.entity';
import { SECRET_QR_PLACEHOLDER } from '../invitations/outbox-secrets.service';
import { OutboxService } from '../invitations/outbox.service';
import { OrganisationService, ParticipantProfile } from '../organisation/organisation.service';
import { isUniqueViolation } from '../registrations/registration-rules';
import { Registration } from '../registrations/registration.entity';
import { inAudience } from '../training/run-audience';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { TrainingService } from '../training/training.service';
import { ReminderDelivery, ReminderRule } from './reminder-rule.entity';
import { dueAt, isDue } from './reminder-schedule';

/** One scheduled reminder batch, as the reminders page and the mail queue show it. */
export interface ScheduledReminder {
  ruleId: number;
  runTitle: string;
  what: string;
  dueAt: Date;
  dueText: string;
  recipients: number;
  queued: number;
}

interface Target {
  rule: ReminderRule;
  run: TrainingRun;
  session: TrainingSession | null;
  occurrence: string;
  due: Date;
  until: Date;
}

/**
 * Reminders (issue 11, item 1), through the outbox: before a session to its confirmed people
 * (time, venue, what to bring, their sign-in QR code), before the deadline to people not yet
 * registered. One mail per person. Each (rule, person, session, occurrence) goes once: the
 * delivery row and the mail are written in one transaction and the unique key refuses a second
 * row, across restarts and instances. A session that moves has a new occurrence (rescheduled);
 * cancelled registrations are not confirmed and get none. A reminder that no longer holds (its
 * session moved or was cancelled, the registration cancelled; for the deadline: the person
 * registered, the deadline moved) is withdrawn when the dispatcher claims it, in the claim's
 * transaction (`isStale`, a claim guard), so no change is ever overtaken by its stale reminder;
 * `withdrawStale` also sweeps them on each tick, for the mail queue page.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly organisation: OrganisationService,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplatesService,
    private readonly codes: SignInCodesService,
    private readonly clock: Clock,
    private readonly guards: OutboxClaimGuards,
    private readonly training: TrainingService,
  ) {}

  onModuleInit(): void {
    this.guards.register((m, message) => this.isStale(m, message));
  }

  /**
   * Whether `message` is a reminder that no longer holds, read in the caller's transaction after
   * locking the run (PostgreSQL: waits for a change of that run in flight, then sees it).
   * @returns false for any other message.
   */
  async isStale(m: EntityManager, message: Pick<OutboxMessage, 'id' | 'kind'>): Promise<boolean> {
    if (message.kind !== 'notice') return false;
    const delivery = await m.findOneBy(ReminderDelivery, { outboxMessageId: message.id });
    if (!delivery) return false;
    const rule = await m.findOneBy(ReminderRule, { id: delivery.ruleId });
    if (!rule) return true;
    await this.training.lockRun(m, rule.runId);
    if (delivery.sessionId === 0) {
      const run = await m.findOneBy(TrainingRun, { id: rule.runId });
      if (!run || run.status !== 'open' || run.registrationDeadline.toISOString() !== delivery.occurrence) return true;
      return (await m.countBy(Registration, { runId: run.id, participantId: delivery.participantId, status: Not('cancelled') })) > 0;
    }
    const session = await m.findOneBy(TrainingSession, { id: delivery.sessionId });
    if (!session || session.status !== 'scheduled' || `${session.firstDay}T${session.dailyStart}` !== delivery.occurrence) return true;
    return !(await m.findOneBy(Registration, { sessionId: session.id, participantId: delivery.participantId, status: 'confirmed' }));
  }

  /** Queues every reminder that is due now and not yet sent. @returns how many mails were queued. */
  async runDue(): Promise<number> {
    const now = this.clock.now();
    await this.withdrawStale();
    let queued = 0;
    for (const target of await this.targets()) {
      if (!isDue(target.due, target.until, now)) continue;
      for (const person of await this.recipients(target)) {
        try {
          queued += await this.transactions.run((m) => this.deliver(m, target, person.profile, person.registrationId));
        } catch (error) {
          if (!isUniqueViolation(error)) throw error; // another instance sent it first
        }
      }
    }
    if (queued) this.logger.log(`Queued ${queued} reminder(s)`);
    return queued;
  }

  /**
   * Withdraws reminders still waiting in the outbox for a session date that no longer holds (the
   * session moved or was cancelled, or the registration was cancelled): marked superseded, never sent.
   * @returns how many.
   */
  async withdrawStale(): Promise<number> {
    return this.transactions.run(async (m) => {
      const stale: { id: number }[] = await m.query(
        `SELECT o.id FROM reminder_delivery d
           JOIN outbox_message o ON o.id = d."outboxMessageId" AND o.status = 'pending'
           JOIN training_session s ON s.id = d."sessionId"
           LEFT JOIN registration r ON r."sessionId" = s.id AND r."participantId" = d."participantId" AND r.status = 'confirmed'
          WHERE d."sessionId" <> 0 AND (s.status <> 'scheduled' OR d.occurrence <> (s."firstDay" || 'T' || s."dailyStart") OR r.id IS NULL)`,
      );
      for (const { id } of stale) await m.update(OutboxMessage, { id, status: 'pending' }, { status: 'superseded', sealedSecret: null });
      return stale.length;
    });
  }

  /** Every reminder batch of active rules whose event has not started, soonest first. */
  async scheduled(runId?: number): Promise<ScheduledReminder[]> {
    const now = this.clock.now().getTime();
    const out: ScheduledReminder[] = [];
    for (const target of await this.targets(runId)) {
      if (target.until.getTime() <= now) continue;
      const recipients = await this.recipients(target);
      const queued = await this.dataSource.getRepository(ReminderDelivery).countBy({ ruleId: target.rule.id, sessionId: target.session?.id ?? 0, occurrence: target.occurrence });
      const what = target.session ? `${target.session.title}开始前 ${target.rule.daysBefore} 天（确认参训人员）` : `报名截止前 ${target.rule.daysBefore} 天（尚未报名人员）`;
      out.push({ ruleId: target.rule.id, runTitle: target.run.title, what, dueAt: target.due, dueText: formatShanghai(target.due), recipients: recipients.length, queued });
    }
    return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  private async targets(runId?: number): Promise<Target[]> {
    const rules = await this.dataSource.getRepository(ReminderRule).find({ where: { active: true, ...(runId ? { runId } : {}) } });
    const out: Target[] = [];
    for (const rule of rules) {
      const run = await this.dataSource.getRepository(TrainingRun).findOneBy({ id: rule.runId });
      if (!run) continue;
      if (rule.kind === 'deadline') {
        if (run.status !== 'open') continue;
        out.push({ rule, run, session: null, occurrence: run.registrationDeadline.toISOString(), due: dueAt(rule, toShanghaiParts(run.registrationDeadline).date), until: run.registrationDeadline });
        continue;
      }
      for (const session of await this.dataSource.getRepository(TrainingSession).findBy({ runId: run.id, status: 'scheduled' })) {
        const start = daysOf(session)[0].start;
        out.push({ rule, run, session, occurrence: `${session.firstDay}T${session.dailyStart}`, due: dueAt(rule, session.firstDay), until: start });
      }
    }
    return out;
  }

  private async recipients(target: Target): Promise<{ profile: ParticipantProfile; registrationId: number | null }[]> {
    if (target.session) {
      const confirmed = await this.dataSource.getRepository(Registration).findBy({ sessionId: target.session.id, status: 'confirmed' });
      const ids = new Map(confirmed.map((r) => [r.participantId, r.id]));
      return (await this.organisation.listParticipants({ ids: [...ids.keys()] })).map((profile) => ({ profile, registrationId: ids.get(profile.id)! }));
    }
    const active = await this.dataSource.getRepository(Registration).find({ select: { participantId: true }, where: { runId: target.run.id, status: Not('cancelled') } });
    const registered = new Set(active.map((r) => r.participantId));
    return (await this.organisation.listParticipants()).filter((p) => !registered.has(p.id) && inAudience(target.run, p)).map((profile) => ({ profile, registrationId: null }));
  }

  /** Writes the delivery row and its mail in the caller's transaction. @returns 1, or 0 when already sent. */
  private async deliver(m: EntityManager, target: Target, person: ParticipantProfile, registrationId: number | null): Promise<number> {
    const key = { ruleId: target.rule.id, participantId: person.id, sessionId: target.session?.id ?? 0, occurrence: target.occurrence };
    if (await m.findOneBy(ReminderDelivery, key)) return 0;
    const mail = target.session ? await this.sessionMail(m, target, target.session, person, registrationId!) : this.deadlineMail(target, person);
    const row = await this.outbox.enqueue(m, { kind: 'notice', recipientAddress: person.email, recipientName: person.name, ...mail });
    await m.insert(ReminderDelivery, { ...key, outboxMessageId: row.id, queuedAt: this.clock.now() });
    return 1;
  }

  private async sessionMail(m: EntityManager, target: Target, session: TrainingSession, person: ParticipantProfile, registrationId: number) {
    const code = await this.codes.mailCode(m, registrationId);
    // A day of approved one-day leave stays listed, marked, so the mail does not ask them to come.
    const leaves = await m.findBy(LeaveRequest, { registrationId, scope: 'day', status: 'approved' });
    const onLeave = new Set(leaves.map((l) => l.day));
    const subject = `【培训提醒】${session.title}`;
    const body = this.templates.render('reminder', {
      subject,
      participantName: person.name,
      lead: `您参加的${session.title}即将开始，请按时参加：`,
      days: daysOf(session).map((d) => `${d.label} ${session.dailyStart}–${session.dailyEnd}${onLeave.has(d.date) ? '（已请假）' : ''}`),
      venue: session.venue,
      note: target.rule.note,
      pageHint: '可通过您收到的个人报名链接查看报名、请假和下载培训日历（.ics）。',
      // The sign-in code is a secret: sealed until sent, drawn into the mail then (issue 11, item 5).
      qr: SECRET_QR_PLACEHOLDER,
      hasQr: true,
      organiserName: this.config.mail.fromName,
    });
    return { subject, textBody: body.text, htmlBody: body.html, secret: this.codes.scanUrl(code) };
  }

  private deadlineMail(target: Target, person: ParticipantProfile) {
    const subject = `【报名提醒】${target.run.title}`;
    const body = this.templates.render('reminder', {
      subject,
      participantName: person.name,
      lead: `${target.run.title}报名将于 ${formatShanghai(target.run.registrationDeadline)} 截止，您尚未报名。`,
      days: [],
      venue: '',
      note: target.rule.note,
      pageHint: '请通过您收到的个人报名链接选择期次；如找不到链接，请联系本区协调员重新发送。',
      qr: '',
      hasQr: false,
      organiserName: this.config.mail.fromName,
    });
    return { subject, textBody: body.text, htmlBody: body.html };
  }
}

