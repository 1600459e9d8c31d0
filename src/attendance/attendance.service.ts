import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Organiser } from '../auth/auth.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { formatShanghai, shanghaiDay, toShanghaiParts } from '../common/shanghai-time';
import { insertedIgnoringDuplicates } from '../database/sql-dialect';
import { TransactionRunner } from '../database/transaction-runner';
import { OrganisationService, ParticipantProfile } from '../organisation/organisation.service';
import { Registration } from '../registrations/registration.entity';
import { TrainingSession } from '../training/training-session.entity';
import { Attendance, AttendanceStatus } from './attendance.entity';
import { AttendancePolicy, DEFAULT_ATTENDANCE_POLICY } from './attendance-policy.entity';
import { ATTENDANCE_TEXT } from './attendance-terms';
import { datesText, dayOn, SessionDay } from './session-days';
import { SignInCodesService } from './sign-in-codes.service';

/** Who is being signed in, where and on which day (the scan page before the tap). */
export interface SignInTarget {
  registrationId: number;
  participant: ParticipantProfile;
  session: TrainingSession;
  day: SessionDay;
  /** The row already written for that day, if any. */
  existing: Attendance | null;
}

/** The answer staff see after a scan or a tick, e.g. 已签到 09:02. */
export interface SignInAnswer {
  participantName: string;
  sessionTitle: string;
  day: string;
  status: AttendanceStatus;
  /** 'HH:mm' Shanghai, or '' for absent and leave. */
  time: string;
  /** True when the person had already been signed in: nothing was written. */
  already: boolean;
  /** e.g. 已签到 09:02（迟到） */
  message: string;
}

/**
 * Daily sign-in (issue 11, item 5): by a scanned QR code on the day, or by a tick on the day's
 * roster. One row per (session, participant, day): a second scan, or two staff at once, find the
 * row the first wrote (INSERT … ON CONFLICT DO NOTHING on the unique key, then read it back;
 * changes of status are guarded UPDATEs on the status read).
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly organisation: OrganisationService,
    private readonly codes: SignInCodesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The run's attendance rules (defaults when it has none). */
  async policy(m: EntityManager, runId: number): Promise<{ lateAfterMinutes: number; oneDayLeaveCounts: boolean }> {
    const row = await m.findOneBy(AttendancePolicy, { runId });
    return row ? { lateAfterMinutes: row.lateAfterMinutes, oneDayLeaveCounts: row.oneDayLeaveCounts } : { ...DEFAULT_ATTENDANCE_POLICY };
  }

  /**
   * Who a scanned code signs in today.
   * @throws DomainError NOT_FOUND (bad or revoked code), INVALID_STATE (registration not confirmed,
   *   session cancelled, or the session does not meet today: the message names the person's session).
   */
  preview(code: string): Promise<SignInTarget> {
    return this.transactions.run(async (m) => this.target(m, await this.codes.registrationOf(m, code), toShanghaiParts(this.clock.now()).date));
  }

  /** Signs in the holder of a scanned code today. @throws the errors of `preview`. */
  signInByCode(code: string, staff: Organiser): Promise<SignInAnswer> {
    return this.transactions.run(async (m) => {
      const target = await this.target(m, await this.codes.registrationOf(m, code), toShanghaiParts(this.clock.now()).date);
      return this.write(m, target, null, 'qr', staff);
    });
  }

  /**
   * Sets a person's attendance on a day of their session from the roster page: present and late
   * sign them in now (a person already signed in stays signed in at their first time), absent
   * marks them absent. @throws DomainError NOT_FOUND (not confirmed in this session),
   * VALIDATION_FAILED (a day the session does not meet).
   */
  mark(sessionId: number, date: string, participantId: number, status: AttendanceStatus, staff: Organiser): Promise<SignInAnswer> {
    return this.transactions.run(async (m) => {
      const registration = await m.findOneBy(Registration, { sessionId, participantId, status: 'confirmed' });
      if (!registration) throw new DomainError('NOT_FOUND', '该人员不是本期的确认参训人员。');
      const session = await m.findOneByOrFail(TrainingSession, { id: sessionId });
      if (!dayOn(session, date)) throw new DomainError('VALIDATION_FAILED', `${session.title}在 ${date} 没有培训。`);
      return this.write(m, await this.target(m, registration.id, date), status, 'roster', staff);
    });
  }

  private async target(m: EntityManager, registrationId: number, date: string): Promise<SignInTarget> {
    const registration = await m.findOneByOrFail(Registration, { id: registrationId });
    const participant = await this.organisation.participant(registration.participantId, m);
    if (registration.status !== 'confirmed' || registration.sessionId === null) {
      const why = registration.status === 'waitlisted' ? '仍在候补中，尚未确认参训' : '的报名已取消';
      throw new DomainError('INVALID_STATE', `${participant.name}${why}，不能签到。`);
    }
    const session = await m.findOneByOrFail(TrainingSession, { id: registration.sessionId });
    if (session.status === 'cancelled') throw new DomainError('INVALID_STATE', `${session.title}已取消，不能签到。`);
    const day = dayOn(session, date);
    if (!day) throw new DomainError('INVALID_STATE', `${participant.name}属于${session.title}（${datesText(session)}），${dayText(date)}不是该期的培训日，不能签到。`);
    const existing = await m.findOneBy(Attendance, { sessionId: session.id, participantId: participant.id, day: date });
    // An approved day of leave is decided (its calendar day cancelled); the roster offers no tick for it.
    if (existing?.status === 'leave') throw new DomainError('INVALID_STATE', `${participant.name}${day.label}已获准请假，不能签到或记为缺勤。`);
    return { registrationId, participant, session, day, existing };
  }

  /** Writes the day's row once; `wanted` null: sign in (present or late by the clock). */
  private async write(m: EntityManager, target: SignInTarget, wanted: AttendanceStatus | null, method: 'qr' | 'roster', staff: Organiser): Promise<SignInAnswer> {
    const now = this.clock.now();
    const { lateAfterMinutes } = await this.policy(m, target.session.runId);
    const signIn = wanted === null || wanted === 'present' || wanted === 'late';
    const status: AttendanceStatus = !signIn ? wanted! : wanted === 'late' || now.getTime() > target.day.start.getTime() + lateAfterMinutes * 60_000 ? 'late' : 'present';
    const key = { sessionId: target.session.id, participantId: target.participant.id, day: target.day.date };
    const row = { ...key, runId: target.session.runId, registrationId: target.registrationId, status, signedInAt: signIn ? now : null, method, recordedBy: staff.username, recordedAt: now };
    let stored = target.existing;
    let already = false;
    let inserted = false;
    if (!stored) {
      // Another transaction may insert the same day first (two staff scanning one code at once):
      // the unique key then keeps its row, and ours is treated as finding an existing row.
      inserted = await insertedIgnoringDuplicates(m, m.createQueryBuilder().insert().into(Attendance).values(row).orIgnore());
      stored = await m.findOneByOrFail(Attendance, key);
    }
    if (inserted) already = false;
    else if (signIn ? stored.status === 'present' || stored.status === 'late' : stored.status === status) {
      already = true;
    } else {
      // Guarded: only the status read above is replaced, so two staff at once give one result.
      const changed = await m.update(Attendance, { ...key, status: stored.status }, { status, signedInAt: signIn ? now : null, method, recordedBy: staff.username, recordedAt: now });
      if (!changed.affected) already = true;
      stored = await m.findOneByOrFail(Attendance, key);
    }
    if (!already) {
      await this.audit.record(m, {
        action: `attendance.${status}`,
        subjectType: 'attendance',
        subjectId: stored.id,
        districtId: target.participant.districtId,
        after: { participantId: target.participant.id, sessionId: target.session.id, day: target.day.date, status, method },
      });
    }
    const time = stored.signedInAt ? toShanghaiParts(stored.signedInAt).time : '';
    const signedIn = stored.status === 'present' || stored.status === 'late';
    const when = stored.status === 'late' ? `${time}（迟到）` : time;
    const message = signedIn ? `${already ? '已签到' : '签到成功'} ${when}` : `${already ? '' : '已记为'}${ATTENDANCE_TEXT[stored.status]}`;
    return {
      participantName: target.participant.name,
      sessionTitle: target.session.title,
      day: target.day.label,
      status: stored.status,
      time,
      already,
      message,
    };
  }

  /** Rows of the given sessions (for the roster and the counts). */
  rows(m: EntityManager, sessionIds: number[]): Promise<Attendance[]> {
    return sessionIds.length ? m.find(Attendance, { where: { sessionId: In(sessionIds) } }) : Promise.resolve([]);
  }
}

/** A `YYYY-MM-DD` day as pages write it (2021年4月12日（星期一）), or as given when malformed. */
function dayText(date: string): string {
  const day = shanghaiDay(date);
  return day ? formatShanghai(day, false) : date;
}
