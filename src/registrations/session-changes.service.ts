import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { sessionDays, toShanghaiParts } from '../common/shanghai-time';
import { TransactionRunner } from '../database/transaction-runner';
import { InvitationsService } from '../invitations/invitations.service';
import { OrganisationService } from '../organisation/organisation.service';
import { TrainingSession } from '../training/training-session.entity';
import { TrainingService } from '../training/training.service';
import { Registration } from './registration.entity';
import { WaitlistService } from './waitlist.service';

/** An organiser's change to a session; dates and times Asia/Shanghai local. */
export interface SessionPatch {
  title?: string;
  firstDay?: string;
  dayCount?: number;
  dailyStart?: string;
  dailyEnd?: string;
  venue?: string;
  capacity?: number;
  /** Sets `firstDay` and `dailyStart` from an instant; `dailyEnd` keeps the day's length unless given. */
  startsAt?: Date;
}

const CALENDAR_FIELDS = ['title', 'firstDay', 'dayCount', 'dailyStart', 'dailyEnd', 'venue'] as const;

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
  ) {}

  /**
   * @returns the session after the change.
   * @throws DomainError NOT_FOUND, VALIDATION_FAILED (end before start, bad date),
   *   CAPACITY_BELOW_CONFIRMED.
   */
  async update(sessionId: number, patch: SessionPatch): Promise<TrainingSession> {
    return this.transactions.run(async (m) => {
      const before = await this.training.session(sessionId, m);
      const { startsAt, ...fields } = patch;
      const after = { ...before, ...definedOnly(fields), ...(startsAt ? shiftStart(before, startsAt, fields.dailyEnd) : {}) };
      if (after.dailyEnd <= after.dailyStart) throw new DomainError('VALIDATION_FAILED', '每日结束时间必须晚于开始时间。');
      try {
        sessionDays(after.firstDay, after.dayCount, after.dailyStart, after.dailyEnd);
      } catch {
        throw new DomainError('VALIDATION_FAILED', '日期或时间无效。');
      }
      if (after.capacity !== before.capacity) await this.training.setCapacity(m, sessionId, after.capacity);
      const changed = CALENDAR_FIELDS.filter((f) => after[f] !== before[f]);
      if (changed.length) await m.update(TrainingSession, sessionId, Object.fromEntries(changed.map((f) => [f, after[f]])));
      const session = await this.training.session(sessionId, m);
      const run = await this.training.run(session.runId, m);
      if (changed.length) {
        const confirmed = await m.find(Registration, { where: { sessionId, status: 'confirmed' }, order: { id: 'ASC' } });
        for (const registration of confirmed) {
          const participant = await this.organisation.participant(registration.participantId, m);
          await this.invitations.queueRequest(m, { participant, session, run }, 'session-changed');
        }
      }
      if (after.capacity > before.capacity) await this.waitlist.fillFreeSeats(m, run);
      return this.training.session(sessionId, m);
    });
  }
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function shiftStart(before: TrainingSession, startsAt: Date, dailyEnd?: string) {
  const { date, time } = toShanghaiParts(startsAt);
  const length = minutes(before.dailyEnd) - minutes(before.dailyStart);
  const end = minutes(time) + length;
  const hhmm = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
  return { firstDay: date, dailyStart: time, dailyEnd: dailyEnd ?? (end < 24 * 60 ? hhmm : '24:00') };
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
