import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Attendance } from '../attendance/attendance.entity';
import { dayOn, datesText } from '../attendance/session-days';
import { AuditService } from '../audit/audit.service';
import type { Organiser } from '../auth/auth.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { InvitationsService } from '../invitations/invitations.service';
import { NoticeMailService } from '../messaging/notice-mail.service';
import { OrganisationService } from '../organisation/organisation.service';
import { isUniqueViolation } from '../registrations/registration-rules';
import { Registration } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { LeaveRequest, LeaveScope } from './leave-request.entity';
import { SubstitutesService } from './substitutes.service';
import type { PostHolder } from '../organisation/organisation.service';

/** Who asks: the participant through their link, or a coordinator / organiser account. */
export type LeaveRequester = { kind: 'participant' } | { kind: 'account'; account: Organiser };

const DECIDED_TEXT = { approved: '已批准', refused: '未批准', pending: '待审批' } as const;

/**
 * Leave (请假, issue 11, item 4). A participant or their coordinator asks for the whole session
 * or one day; the district's coordinator or an organiser decides once. Whole session: the
 * registration is cancelled (seat freed, calendar CANCEL, waitlist promoted, as a cancellation).
 * One day: the seat is kept, the day is recorded as leave and only that day is cancelled in the
 * participant's calendar (iTIP CANCEL with RECURRENCE-ID). The participant is told by mail; the
 * audit log records who decided what.
 */
@Injectable()
export class LeaveService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly organisation: OrganisationService,
    private readonly registrations: RegistrationsService,
    private readonly invitations: InvitationsService,
    private readonly notices: NoticeMailService,
    private readonly substitutes: SubstitutesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Files a request for the confirmed registration `registrationId` (of `participantId` when the
   * participant asks; of the coordinator's district when a coordinator asks).
   * @throws DomainError NOT_FOUND (no such confirmed registration of this person), VALIDATION_FAILED
   *   (a day outside the session), INVALID_STATE (a request is already pending, or that day is already on leave).
   */
  async request(registrationId: number, leave: { scope: LeaveScope; day: string | null; reason: string }, by: LeaveRequester, participantId?: number): Promise<number> {
    try {
      return await this.transactions.run(async (m) => {
        const registration = await m.findOneBy(Registration, { id: registrationId, status: 'confirmed', ...(participantId ? { participantId } : {}) });
        const person = registration ? await this.organisation.participant(registration.participantId, m) : null;
        const foreign = by.kind === 'account' && by.account.role === 'coordinator' && person?.districtId !== by.account.districtId;
        if (!registration || !person || registration.sessionId === null || foreign) throw new DomainError('NOT_FOUND', '没有找到该人员已确认的报名。');
        const session = await m.findOneByOrFail(TrainingSession, { id: registration.sessionId });
        if (leave.day && !dayOn(session, leave.day)) throw new DomainError('VALIDATION_FAILED', `${leave.day} 不是${session.title}的培训日（${datesText(session)}）。`);
        if (leave.day && (await m.findOneBy(LeaveRequest, { registrationId, day: leave.day, status: 'approved' }))) throw new DomainError('INVALID_STATE', '这一天的请假已经批准。');
        if (await m.findOneBy(LeaveRequest, { registrationId, status: 'pending' })) throw pendingExists();
        const row = await m.save(m.create(LeaveRequest, {
          runId: registration.runId, registrationId, participantId: person.id, sessionId: session.id, districtId: person.districtId,
          scope: leave.scope, day: leave.day, reason: leave.reason, status: 'pending',
          requestedBy: by.kind === 'participant' ? 'participant' : by.account.username, requestedAt: this.clock.now(),
          decidedBy: null, decidedAt: null, decisionNote: '', substituteParticipantId: null,
        }));
        await this.audit.record(m, { action: 'leave.request', subjectType: 'leave_request', subjectId: row.id, districtId: person.districtId, after: { registrationId, scope: leave.scope, day: leave.day, reason: leave.reason } });
        return row.id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw pendingExists();
      throw error;
    }
  }

  /**
   * Approves a pending request, once: two approvers at once give one approval and one INVALID_STATE.
   * With `substitute` (whole-session leave only) that person from the same unit takes the seat.
   * @throws DomainError NOT_FOUND (none, or another district's for a coordinator), INVALID_STATE
   *   (already decided; the registration is no longer confirmed; the person already signed in that day).
   */
  async approve(id: number, account: Organiser, substitute: PostHolder | null = null): Promise<void> {
    await this.transactions.run(async (m) => {
      const leave = await this.decide(m, id, account, 'approved', '');
      const registration = await m.findOneBy(Registration, { id: leave.registrationId, status: 'confirmed', sessionId: leave.sessionId });
      if (!registration) throw new DomainError('INVALID_STATE', '该人员已不在此期次中，请假申请无法批准。');
      const participant = await this.organisation.participant(leave.participantId, m);
      const session = await m.findOneByOrFail(TrainingSession, { id: leave.sessionId });
      const run = await m.findOneByOrFail(TrainingRun, { id: leave.runId });
      const to = { name: participant.name, email: participant.email };
      if (substitute && leave.scope !== 'session') throw new DomainError('VALIDATION_FAILED', '替训只适用于请假全期。');
      if (leave.scope === 'session') {
        if (substitute) {
          const substituteId = await this.substitutes.transfer(m, registration, session, run, substitute);
          await m.update(LeaveRequest, id, { substituteParticipantId: substituteId });
        } else await this.registrations.cancelWithin(m, leave.registrationId);
        const seat = substitute ? `由${substitute.name}替训，其将另行收到培训邀请` : '您的名额已释放';
        await this.notices.queue(m, { to, subject: `【请假批准】${session.title}`, lead: `您${session.title}（${datesText(session)}）全期的请假申请已批准。`, lines: [`${seat}；日历中的培训安排将另行收到取消通知。`, `事由：${leave.reason}`] });
        return;
      }
      const day = dayOn(session, leave.day!)!;
      const existing = await m.findOneBy(Attendance, { sessionId: session.id, participantId: participant.id, day: day.date });
      if (existing && (existing.status === 'present' || existing.status === 'late')) throw new DomainError('INVALID_STATE', `${participant.name}当天已签到，不能批准这一天的请假。`);
      if (existing) await m.update(Attendance, existing.id, { status: 'leave', signedInAt: null, method: 'leave', recordedBy: account.username, recordedAt: this.clock.now() });
      else await m.insert(Attendance, { runId: run.id, sessionId: session.id, participantId: participant.id, registrationId: registration.id, day: day.date, status: 'leave', signedInAt: null, method: 'leave', recordedBy: account.username, recordedAt: this.clock.now() });
      const other = datesText(session).split('、').filter((d) => d !== day.label).join('、');
      const body = this.notices.render({ to, subject: `【请假批准】${session.title}`, lead: `您${day.label}的请假申请已批准，这一天的日程已从您的日历中取消。`, lines: [other ? `${other}请照常参加（名额保留）。` : '名额保留。', `事由：${leave.reason}`] });
      await this.invitations.queueOccurrenceCancel(m, { participant, session, run }, day, { subject: `【请假批准】${session.title} ${day.label}`, ...body });
    });
  }

  /** Refuses a pending request with an optional note; the participant is told. Errors as `approve`. */
  async refuse(id: number, account: Organiser, note: string): Promise<void> {
    await this.transactions.run(async (m) => {
      const leave = await this.decide(m, id, account, 'refused', note.trim().slice(0, 200));
      const participant = await this.organisation.participant(leave.participantId, m);
      const session = await m.findOneByOrFail(TrainingSession, { id: leave.sessionId });
      const what = leave.day ? (dayOn(session, leave.day)?.label ?? leave.day) : '全期';
      await this.notices.queue(m, { to: { name: participant.name, email: participant.email }, subject: `【请假未批准】${session.title}`, lead: `您${session.title}${what}的请假申请未获批准，请按原安排参加培训。`, lines: note.trim() ? [`说明：${note.trim().slice(0, 200)}`] : [] });
    });
  }

  /** Requests of a run (of one district when given), newest first. */
  list(runId: number, districtId?: number): Promise<LeaveRequest[]> {
    return this.dataSource.getRepository(LeaveRequest).find({ where: { runId, ...(districtId ? { districtId } : {}) }, order: { id: 'DESC' } });
  }

  /** One request, or null. */
  byId(id: number): Promise<LeaveRequest | null> {
    return this.dataSource.getRepository(LeaveRequest).findOneBy({ id });
  }

  /** A participant's requests, newest first. */
  forParticipant(participantId: number): Promise<LeaveRequest[]> {
    return this.dataSource.getRepository(LeaveRequest).find({ where: { participantId }, order: { id: 'DESC' } });
  }

  /** The guarded decision: pending → `status`, or INVALID_STATE when someone decided first. */
  private async decide(m: EntityManager, id: number, account: Organiser, status: 'approved' | 'refused', note: string): Promise<LeaveRequest> {
    const leave = await m.findOneBy(LeaveRequest, { id });
    if (!leave || (account.role === 'coordinator' && leave.districtId !== account.districtId)) throw new DomainError('NOT_FOUND', `请假申请 ${id} 不存在。`);
    const result = await m.update(LeaveRequest, { id, status: 'pending' }, { status, decidedBy: account.username, decidedAt: this.clock.now(), decisionNote: note });
    if (!result.affected) {
      // Read again: on PostgreSQL the decision that won may have committed after the read above.
      const now = (await m.findOneBy(LeaveRequest, { id })) ?? leave;
      throw new DomainError('INVALID_STATE', `该请假申请${DECIDED_TEXT[now.status]}，不能重复处理。`);
    }
    await this.audit.record(m, { action: `leave.${status === 'approved' ? 'approve' : 'refuse'}`, subjectType: 'leave_request', subjectId: id, districtId: leave.districtId, before: { status: 'pending' }, after: { status, scope: leave.scope, day: leave.day, registrationId: leave.registrationId, note } });
    return { ...leave, status };
  }
}

function pendingExists(): DomainError {
  return new DomainError('INVALID_STATE', '已有一份待审批的请假申请，请等待审批结果。');
}
