import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { sessionDays, toShanghaiParts } from '../common/shanghai-time';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { OutboxMessage } from '../invitations/outbox-message.entity';
import { InvitationsService } from '../invitations/invitations.service';
import { MailBatchesService } from '../invitations/mail-batches.service';
import { OrganisationService } from '../organisation/organisation.service';
import { ScheduleCheckService, ScheduleOverride } from '../scheduling/schedule-check.service';
import { venueLabel } from '../scheduling/venues/venue.entity';
import { VenuesService } from '../scheduling/venues/venues.service';
import { TrainingSession } from '../training/training-session.entity';
import { TrainingService } from '../training/training.service';
import { planShapeWarning } from '../training/plan-shape';
import { Registration } from './registration.entity';
import { WaitlistService } from './waitlist.service';
import { WaitlistNoticesService } from '../messaging/waitlist-notices.service';

/** An organiser's change to a session; dates and times Asia/Shanghai local. */
export interface SessionPatch {
  title?: string;
  firstDay?: string;
  dayCount?: number;
  dailyStart?: string;
  dailyEnd?: string;
  venue?: string;
  /** A venue from the list (issue 12): sets `venue` to its label; null: a place typed by hand. */
  venueId?: number | null;
  capacity?: number;
  /** Sets `firstDay` and `dailyStart` from an instant; `dailyEnd` keeps the day's length unless given. */
  startsAt?: Date;
}

const CALENDAR_FIELDS = ['title', 'firstDay', 'dayCount', 'dailyStart', 'dailyEnd', 'venue'] as const;
const SCHEDULE_FIELDS = ['firstDay', 'dayCount', 'dailyStart', 'dailyEnd', 'venueId'] as const;

/**
 * Applies an organiser's change to a session with its consequences, in one transaction:
 * a raised capacity promotes from the waitlist; a change of dates, hours, title or venue sends
 * everyone confirmed an updated REQUEST (same UID, higher SEQUENCE; case C04).
 */
@Injectable()
export class SessionChangesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly invitations: InvitationsService,
    private readonly waitlist: WaitlistService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly checks: ScheduleCheckService,
    private readonly venues: VenuesService,
    private readonly notices: WaitlistNoticesService,
    private readonly batches: MailBatchesService,
  ) {}

  /**
   * @returns the session after the change.
   * A change of days, hours, venue or a raised capacity is checked by the calendar rules
   * (issue 12) and refused unless `override` confirms the overridable problems (audited). An
   * edit taking a run with the plan's shape (step 二(二): 3 sessions of 2 days in April 2021) out
   * of it is refused the same way (SCHEDULE_CONFLICT naming the plan's wording, overridable);
   * confirmed, the departure is audited (session.plan-shape-departure).
   * @throws DomainError NOT_FOUND, VALIDATION_FAILED (end before start, bad date),
   *   CAPACITY_BELOW_CONFIRMED, SCHEDULE_CONFLICT.
   */
  update(sessionId: number, patch: SessionPatch, override?: ScheduleOverride): Promise<TrainingSession> {
    return this.transactions.run((m) => this.applyUpdate(m, sessionId, patch, override));
  }

  /**
   * What `update` would do, without doing it (issue 12, item 6): the change is applied in a
   * transaction that is then rolled back, so the mails listed are exactly those the save would
   * queue (calendar updates, waitlist confirmations).
   * @throws the same errors as `update` (e.g. SCHEDULE_CONFLICT before any override).
   */
  async previewUpdate(sessionId: number, patch: SessionPatch, override?: ScheduleOverride): Promise<SessionChangePreview> {
    try {
      await this.transactions.run(async (m) => {
        const before = await this.training.session(sessionId, m);
        const last = (await m.createQueryBuilder(OutboxMessage, 'o').select('MAX(o.id)', 'max').getRawOne<{ max: number | null }>())?.max ?? 0;
        const after = await this.applyUpdate(m, sessionId, patch, override);
        const mails = await m.createQueryBuilder(OutboxMessage, 'o').where('o.id > :last', { last }).orderBy('o.id').getMany();
        const changes = [...CALENDAR_FIELDS, 'capacity' as const].filter((f) => before[f] !== after[f]).map((field) => ({ field, before: String(before[field]), after: String(after[field]) }));
        throw new PreviewRollback({ changes, mails: mails.map((o) => ({ to: o.recipientName, address: o.recipientAddress, subject: o.subject })) });
      });
    } catch (error) {
      if (error instanceof PreviewRollback) return error.preview;
      throw error;
    }
    throw new Error('unreachable: the preview transaction always rolls back');
  }

  private async applyUpdate(m: EntityManager, sessionId: number, patch: SessionPatch, override?: ScheduleOverride): Promise<TrainingSession> {
    {
      await this.training.lockRunOfSession(m, sessionId);
      const before = await this.training.session(sessionId, m);
      const { startsAt, venueId, ...fields } = patch;
      const after = { ...before, ...definedOnly(fields), ...(startsAt ? shiftStart(before, startsAt, fields.dailyEnd) : {}) };
      if (venueId !== undefined) {
        after.venueId = venueId;
        if (venueId !== null) after.venue = venueLabel(await this.venues.get(venueId, m));
      } else if (fields.venue !== undefined && fields.venue !== before.venue) after.venueId = null;
      if (after.dailyEnd <= after.dailyStart) throw new DomainError('VALIDATION_FAILED', '每日结束时间必须晚于开始时间。');
      let days;
      try {
        days = sessionDays(after.firstDay, after.dayCount, after.dailyStart, after.dailyEnd);
      } catch {
        throw new DomainError('VALIDATION_FAILED', '日期或时间无效。');
      }
      const moved = after.firstDay !== before.firstDay || after.dailyStart !== before.dailyStart;
      if (moved && days[0].start.getTime() <= this.clock.now().getTime()) {
        throw new DomainError('VALIDATION_FAILED', '不能把期次安排到已经过去的时间。');
      }
      // Step 二(二): a run with the plan's shape (3 sessions of 2 days in April 2021) leaves it only on a
      // confirmed override, audited with the plan's wording; listed together with the calendar problems.
      const runBefore = await this.training.run(before.runId, m);
      const shape = planShapeWarning(runBefore.sessions, runBefore.sessions.map((x) => (x.id === sessionId ? { ...x, firstDay: after.firstDay, dayCount: after.dayCount } : x)));
      const rescheduled = SCHEDULE_FIELDS.some((f) => after[f] !== before[f]) || after.capacity > before.capacity;
      if (rescheduled && before.status === 'scheduled') {
        // Issue 12: working days, no overlap in the run or at the venue, after the deadline, seats.
        try {
          await this.checks.enforce(m, runBefore, [after], override);
        } catch (error) {
          throw shape && error instanceof DomainError && error.code === 'SCHEDULE_CONFLICT' ? withPlanShape(error, shape, before.title) : error;
        }
      }
      if (shape && !override?.confirmed) throw withPlanShape(null, shape, before.title);
      if (shape) await this.audit.record(m, { action: 'session.plan-shape-departure', subjectType: 'session', subjectId: sessionId, before: sessionFacts(before), after: { departures: shape.departures, reason: override?.reason?.slice(0, 200) ?? '' } });
      if (after.capacity !== before.capacity) await this.training.setCapacity(m, sessionId, after.capacity);
      const changed = CALENDAR_FIELDS.filter((f) => after[f] !== before[f]);
      if (changed.length) await m.update(TrainingSession, sessionId, Object.fromEntries(changed.map((f) => [f, after[f]])));
      if (after.venueId !== before.venueId) await m.update(TrainingSession, sessionId, { venueId: after.venueId });
      const session = await this.training.session(sessionId, m);
      const run = await this.training.run(session.runId, m);
      if (changed.length) {
        const confirmed = await m.find(Registration, { where: { sessionId, status: 'confirmed' }, order: { id: 'ASC' } });
        for (const registration of confirmed) {
          const participant = await this.organisation.participant(registration.participantId, m);
          await this.invitations.queueRequest(m, { participant, session, run }, 'session-changed');
        }
      }
      if (changed.length || after.capacity !== before.capacity || after.venueId !== before.venueId) await this.audit.record(m, { action: 'session.update', subjectType: 'session', subjectId: sessionId, before: sessionFacts(before), after: sessionFacts(session) });
      if (after.capacity > before.capacity) await this.waitlist.fillFreeSeats(m, run);
      return this.training.session(sessionId, m);
    }
  }

  /**
   * What cancelling the session would do, for the organiser's confirmation page.
   * @throws DomainError NOT_FOUND.
   */
  async previewCancellation(sessionId: number): Promise<SessionCancellation> {
    const session = await this.training.session(sessionId);
    const confirmed = await this.transactions.read((m) => m.find(Registration, { where: { sessionId, status: 'confirmed' } }));
    const run = await this.training.run(session.runId);
    const requeued = confirmed.filter((r) => otherChoices(r, run.sessions, sessionId).length > 0).length;
    return { sessionTitle: session.title, alreadyCancelled: session.status === 'cancelled', cancelled: confirmed.length, requeued, registrationsCancelled: confirmed.length - requeued, promoted: 0 };
  }

  /**
   * Cancels a session, in one transaction: its status becomes 'cancelled' (no seat can be taken in
   * it); each confirmed participant gets a CANCEL (reason 'session-cancelled') and goes back to
   * the waitlist for the other sessions they ranked, keeping their registration time as their
   * place in the queue, or has their registration cancelled when they ranked nothing else;
   * waiting registrations drop the session from their choices the same way. Then free seats are
   * filled from the waitlist (REQUESTs for those promoted); whoever was put back on the waitlist
   * and is still waiting then gets a waitlist notice with their position, and a waiting person
   * left with no choice is told their registration ended (issue 11, item 3). The mails form one
   * batch ('session-cancel', progress page).
   * @throws DomainError NOT_FOUND, INVALID_STATE (already cancelled).
   */
  async cancelSession(sessionId: number): Promise<SessionCancellation> {
    return this.transactions.run(async (m) => {
      await this.training.lockRunOfSession(m, sessionId);
      const session = await this.training.session(sessionId, m);
      if (session.status === 'cancelled') throw new DomainError('INVALID_STATE', `${session.title}已取消。`);
      await m.update(TrainingSession, sessionId, { status: 'cancelled' });
      const run = await this.training.run(session.runId, m);
      await this.batches.begin(m, { kind: 'session-cancel', runId: run.id, subjectId: sessionId, label: `取消期次：${session.title}` });
      const affected = (await m.find(Registration, { where: { runId: run.id }, order: { id: 'ASC' } })).filter(
        (r) => (r.status === 'confirmed' && r.sessionId === sessionId) || (r.status === 'waitlisted' && r.preferences.includes(sessionId)),
      );
      const result: SessionCancellation = { sessionTitle: session.title, alreadyCancelled: false, cancelled: 0, requeued: 0, registrationsCancelled: 0, promoted: 0 };
      const requeued: number[] = [];
      for (const registration of affected) {
        if (registration.status === 'confirmed') {
          await this.training.releaseSeat(m, sessionId);
          const participant = await this.organisation.participant(registration.participantId, m);
          await this.invitations.queueCancel(m, { participant, session, run }, 'session-cancelled');
          result.cancelled++;
        }
        const rest = otherChoices(registration, run.sessions, sessionId);
        const wasConfirmed = registration.status === 'confirmed';
        registration.sessionId = null;
        registration.updatedBy = 'organiser';
        if (rest.length === 0) {
          Object.assign(registration, { status: 'cancelled', queuedAt: null });
          result.registrationsCancelled++;
          // A confirmed person had the CANCEL; a waiting one hears that their wait ended.
          if (!wasConfirmed) await this.notices.waitEnded(m, await this.organisation.participant(registration.participantId, m), run.title, session.title);
        } else {
          Object.assign(registration, { status: 'waitlisted', preferences: rest, queuedAt: registration.queuedAt ?? registration.createdAt });
          if (wasConfirmed) {
            result.requeued++;
            requeued.push(registration.id);
          }
        }
        await m.save(registration);
      }
      await this.audit.record(m, { action: 'session.cancel', subjectType: 'session', subjectId: sessionId, before: sessionFacts(session), after: { ...sessionFacts(session), status: 'cancelled' } });
      result.promoted = (await this.waitlist.fillFreeSeats(m, run)).length;
      // After the promotions: whoever is still waiting is told their place (the promoted had their invitation).
      await this.waitlist.tellStillWaiting(m, await this.training.run(run.id, m), requeued, 'session-cancelled');
      return result;
    });
  }
}

/** What a session change would do: the fields that change and every mail it would queue. */
export interface SessionChangePreview {
  changes: { field: string; before: string; after: string }[];
  mails: { to: string; address: string; subject: string }[];
}

/** Carries a preview out of the transaction it rolls back. */
class PreviewRollback extends Error {
  constructor(readonly preview: SessionChangePreview) {
    super('preview');
  }
}

/** What cancelling a session does (or would do): counts of people. */
export interface SessionCancellation {
  sessionTitle: string;
  alreadyCancelled: boolean;
  /** Confirmed participants who get a CANCEL. */
  cancelled: number;
  /** Of those, put back on the waitlist for their other choices. */
  requeued: number;
  /** Registrations cancelled because nothing else was ranked. */
  registrationsCancelled: number;
  /** Waiting people confirmed right away in free seats of other sessions. */
  promoted: number;
}

/** The registration's ranked sessions other than `sessionId` that still take place. */
function otherChoices(r: Registration, sessions: readonly TrainingSession[], sessionId: number): number[] {
  return r.preferences.filter((id) => id !== sessionId && sessions.find((s) => s.id === id)?.status === 'scheduled');
}

function sessionFacts(s: TrainingSession) {
  const { title, firstDay, dayCount, dailyStart, dailyEnd, venue, venueId, capacity, status } = s;
  return { title, firstDay, dayCount, dailyStart, dailyEnd, venue, venueId, capacity, status };
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * The session moved to start at `startsAt`, keeping each day's length unless `dailyEnd` is given.
 * @throws DomainError VALIDATION_FAILED when the day would end at or after midnight.
 */
function shiftStart(before: TrainingSession, startsAt: Date, dailyEnd?: string) {
  const { date, time } = toShanghaiParts(startsAt);
  const length = minutes(before.dailyEnd) - minutes(before.dailyStart);
  const end = minutes(time) + length;
  if (dailyEnd === undefined && end >= 24 * 60) {
    const latest = 24 * 60 - 1 - length;
    const span = `${Math.floor(length / 60)}小时${length % 60 ? `${length % 60}分钟` : ''}`;
    throw new DomainError('VALIDATION_FAILED', `每天培训${span}，从${time}开始将过了午夜才结束；每天的培训须在当天结束，开始时间最晚为${clock(latest)}（或同时给出每日结束时间 dailyEnd）。`);
  }
  const hhmm = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
  return { firstDay: date, dailyStart: time, dailyEnd: dailyEnd ?? (end < 24 * 60 ? hhmm : '24:00') };
}

function clock(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A SCHEDULE_CONFLICT listing the plan-shape departure (overridable) with the calendar problems of `conflict`, if any. */
function withPlanShape(conflict: DomainError | null, shape: { message: string; departures: string[] }, title: string): DomainError {
  const details = (conflict?.details ?? { sessions: [], overridable: true }) as { sessions: unknown[]; overridable: boolean };
  const problem = { title, problems: [{ code: 'PLAN_SHAPE', message: shape.message, overridable: true }] };
  const hint = '如确需如此安排，请勾选“确认例外安排”后再保存（将记入操作记录）。';
  return new DomainError('SCHEDULE_CONFLICT', `${shape.message}${conflict ? conflict.message : hint}`, { ...details, sessions: [...details.sessions, problem], departures: shape.departures });
}
