import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MailBatchesService } from '../invitations/mail-batches.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { formatShanghai, sessionDays } from '../common/shanghai-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { MailTemplatesService } from '../invitations/mail-templates.service';
import { SECRET_PLACEHOLDER } from '../invitations/outbox-secrets.service';
import { OutboxService } from '../invitations/outbox.service';
import { OrganisationService, ParticipantProfile } from '../organisation/organisation.service';
import { Participant } from '../organisation/participant.entity';
import { inAudience } from '../training/run-audience';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingService } from '../training/training.service';

/**
 * Opening registration and the personal links: each participant gets an unguessable link by
 * mail (through the outbox, the link sealed until sent: `OutboxService.enqueue` `secret`);
 * issuing a new link revokes the old one and supersedes unsent mails with it.
 */
@Injectable()
export class PersonalLinksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplatesService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly batches: MailBatchesService,
  ) {}

  /**
   * Opens the run for registration and mails every participant a new personal link, in one
   * transaction; the mails form one batch ('run-open', progress page). @returns how many links were sent.
   * @throws DomainError INVALID_STATE when the run is not a draft or its deadline has passed.
   */
  async openRegistration(runId: number): Promise<number> {
    return this.transactions.run(async (m) => {
      const run = await this.training.run(runId, m);
      if (run.status !== 'draft') throw new DomainError('INVALID_STATE', '报名已开放过，无需重复操作；如需补发链接，请在人员列表中逐人补发。');
      if (run.registrationDeadline.getTime() <= this.clock.now().getTime()) {
        throw new DomainError('INVALID_STATE', `报名截止时间（${formatShanghai(run.registrationDeadline)}）已过，请先修改截止时间。`);
      }
      const scheduled = run.sessions.filter((s) => s.status === 'scheduled');
      if (!scheduled.length) throw new DomainError('VALIDATION_FAILED', '该培训班还没有期次，不能开放报名。请先排期。');
      const first = Math.min(...scheduled.map((s) => sessionDays(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd)[0].start.getTime()));
      if (run.registrationDeadline.getTime() >= first) throw new DomainError('VALIDATION_FAILED', `报名截止时间（${formatShanghai(run.registrationDeadline)}）晚于第一期开始时间，请先修改截止时间或日期。`);
      const participants = (await this.organisation.listParticipants({}, m)).filter((p) => inAudience(run, p));
      if (!participants.length) throw new DomainError('VALIDATION_FAILED', '该培训班的参训范围内没有人员，请先设置参训对象。');
      await m.update(TrainingRun, run.id, { status: 'open' });
      await this.batches.begin(m, { kind: 'run-open', runId: run.id, subjectId: run.id, label: `开放报名：${run.title}` });
      const open = await this.openRuns(m, run);
      for (const participant of participants) await this.sendLink(m, run, participant, open);
      await this.audit.record(m, { action: 'run.open', subjectType: 'run', subjectId: run.id, before: { status: 'draft' }, after: { status: 'open', linksSent: participants.length } });
      return participants.length;
    });
  }

  /**
   * Issues a new link for one participant (revoking the old one) and mails it.
   * @returns the link, to show the organiser once (e.g. to pass on by phone).
   */
  async reissue(runId: number, participantId: number): Promise<string> {
    return this.transactions.run(async (m) => {
      const run = await this.training.run(runId, m);
      const participant = await this.organisation.participant(participantId, m);
      const link = await this.sendLink(m, run, participant, await this.openRuns(m, run));
      await this.audit.record(m, { action: 'participant.link.reissue', subjectType: 'participant', subjectId: participant.id, districtId: participant.districtId });
      return link;
    });
  }

  /**
   * Revokes a participant's personal link. @throws DomainError NOT_FOUND.
   */
  async revoke(participantId: number): Promise<void> {
    await this.transactions.run(async (m) => {
      const participant = await this.organisation.participant(participantId, m);
      await this.organisation.revokeToken(m, participant.id);
      await this.outbox.supersedeLinkMails(m, participant.email);
      await this.audit.record(m, { action: 'participant.link.revoke', subjectType: 'participant', subjectId: participant.id, districtId: participant.districtId });
    });
  }

  /**
   * One link per person, for every run they are invited to (issue 12: "one page listing both"):
   * a new link replaces the old one and lives until the end of the latest of those runs. Its
   * mail names every open run the person is invited to, each with its deadline and sessions
   * (trial item 3), so superseding an older unsent link mail loses nothing.
   * @param open `run` first, then the other runs open for registration (openRuns).
   */
  private async sendLink(m: EntityManager, run: TrainingRun, participant: ParticipantProfile, open: TrainingRun[]): Promise<string> {
    const runs = open.filter((r) => r.id === run.id || inAudience(r, participant));
    const held = await m.findOne(Participant, { where: { id: participant.id }, select: { id: true, tokenExpiresAt: true } });
    const ends = runs.map(runEnd).filter((e): e is Date => e !== null);
    const end = ends.length ? new Date(Math.max(...ends.map((e) => e.getTime()))) : null;
    const expiresAt = end && held?.tokenExpiresAt && held.tokenExpiresAt > end ? held.tokenExpiresAt : end;
    const token = await this.organisation.issueToken(m, participant.id, expiresAt);
    const link = `${this.config.publicBaseUrl}/r/${token}`;
    const subject = runs.length > 1 ? `【报名通知】${run.title}等${runs.length}个培训班个人报名链接` : `【报名通知】${run.title}个人报名链接`;
    const body = this.templates.render('personal-link', {
      subject,
      participantName: participant.name,
      runTitles: runs.map((r) => r.title).join('、'),
      several: runs.length > 1,
      unitLabel: participant.unitLabel,
      postLabel: participant.postLabel,
      // The bodies are stored; the link is not (issue 9 item 5): it goes in sealed, at send time.
      link: SECRET_PLACEHOLDER,
      runs: runs.map((r) => ({
        title: r.title,
        deadline: formatShanghai(r.registrationDeadline),
        sessions: r.sessions.map((s) => ({
          title: s.title,
          dates: sessionDays(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd)
            .map((d) => formatShanghai(d.start, false))
            .join('、'),
        })),
      })),
      organiserName: this.config.mail.fromName,
    });
    // The link in any unsent mail to this address was just revoked: never send it later.
    await this.outbox.supersedeLinkMails(m, participant.email);
    await this.outbox.enqueue(m, {
      kind: 'personal-link',
      recipientAddress: participant.email,
      recipientName: participant.name,
      subject,
      textBody: body.text,
      htmlBody: body.html,
      secret: link,
    });
    return link;
  }

  /** `run` (with its sessions), then every other run open for registration whose deadline has not passed, oldest first. */
  private async openRuns(m: EntityManager, run: TrainingRun): Promise<TrainingRun[]> {
    const others = await m.find(TrainingRun, { where: { status: 'open' }, relations: { sessions: true }, order: { id: 'ASC', sessions: { ordinal: 'ASC' } } });
    const now = this.clock.now().getTime();
    return [run, ...others.filter((r) => r.id !== run.id && r.registrationDeadline.getTime() > now)];
  }
}

/** The end of a run's last session day: personal links stop working then (issue 6). */
export function runEnd(run: TrainingRun): Date | null {
  const ends = run.sessions.flatMap((s) => sessionDays(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd).map((d) => d.end.getTime()));
  return ends.length ? new Date(Math.max(...ends)) : null;
}
