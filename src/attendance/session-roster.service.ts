import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { toShanghaiParts } from '../common/shanghai-time';
import { OrganisationService, ParticipantProfile } from '../organisation/organisation.service';
import { Registration } from '../registrations/registration.entity';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { Attendance, AttendanceStatus } from './attendance.entity';
import { ATTENDANCE_TEXT } from './attendance-terms';
import { daysOf, dayOn, SessionDay } from './session-days';

/** One confirmed person of a session, as rosters and sign-in sheets list them. */
export interface RosterPerson {
  participantId: number;
  registrationId: number;
  name: string;
  unitLabel: string;
  districtId: number;
  districtName: string;
  postLabel: string;
  mobile: string;
}

/** A person on a day's roster with their attendance that day. */
export interface DayRosterRow extends RosterPerson {
  status: AttendanceStatus | 'none';
  statusText: string;
  /** 'HH:mm' of the sign-in, or ''. */
  time: string;
}

/** Counts of one day of a session. */
export interface DayCounts {
  date: string;
  label: string;
  confirmed: number;
  signedIn: number;
  late: number;
  absent: number;
  leave: number;
  notYet: number;
}

/**
 * Who is in which session (issue 11, items 5–7): the confirmed people of a session in roster order
 * (district code, unit code, post), with their attendance per day, and the live counts per day.
 */
@Injectable()
export class SessionRosterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisation: OrganisationService,
  ) {}

  /** A session with its run. @throws DomainError NOT_FOUND. */
  async session(sessionId: number, m: EntityManager = this.dataSource.manager): Promise<{ session: TrainingSession; run: TrainingRun }> {
    const session = await m.findOneBy(TrainingSession, { id: sessionId });
    if (!session) throw new DomainError('NOT_FOUND', `培训期次 ${sessionId} 不存在。`);
    return { session, run: await m.findOneByOrFail(TrainingRun, { id: session.runId }) };
  }

  /** A day of a session. @throws DomainError NOT_FOUND when the session does not meet on `date`. */
  day(session: TrainingSession, date: string): SessionDay {
    const day = dayOn(session, date);
    if (!day) throw new DomainError('NOT_FOUND', `${session.title}在 ${date} 没有培训。`);
    return day;
  }

  /** The confirmed people of a session, optionally of one district, in roster order. */
  async people(sessionId: number, districtId?: number, m: EntityManager = this.dataSource.manager): Promise<RosterPerson[]> {
    const registrations = await m.find(Registration, { where: { sessionId, status: 'confirmed' } });
    const byParticipant = new Map(registrations.map((r) => [r.participantId, r.id]));
    const profiles = await this.organisation.listParticipants({ ids: [...byParticipant.keys()], ...(districtId ? { districtId } : {}) }, m);
    return profiles.map((p) => toPerson(p, byParticipant.get(p.id)!));
  }

  /** A day's roster: every confirmed person with their attendance that day. */
  async dayRoster(sessionId: number, date: string, districtId?: number): Promise<DayRosterRow[]> {
    const people = await this.people(sessionId, districtId);
    const rows = await this.dataSource.manager.find(Attendance, { where: { sessionId, day: date } });
    const byParticipant = new Map(rows.map((r) => [r.participantId, r]));
    return people.map((p) => {
      const a = byParticipant.get(p.participantId);
      const status = a?.status ?? 'none';
      return { ...p, status, statusText: ATTENDANCE_TEXT[status], time: a?.signedInAt ? toShanghaiParts(a.signedInAt).time : '' };
    });
  }

  /** Live counts per day of every scheduled session of a run, in session order. */
  async runCounts(runId: number): Promise<{ session: TrainingSession; days: DayCounts[] }[]> {
    const sessions = await this.dataSource.manager.find(TrainingSession, { where: { runId, status: 'scheduled' }, order: { ordinal: 'ASC' } });
    const ids = sessions.map((s) => s.id);
    const confirmed = ids.length ? await this.dataSource.manager.find(Registration, { where: { sessionId: In(ids), status: 'confirmed' } }) : [];
    const rows = ids.length ? await this.dataSource.manager.find(Attendance, { where: { sessionId: In(ids) } }) : [];
    return sessions.map((session) => {
      const people = new Set(confirmed.filter((r) => r.sessionId === session.id).map((r) => r.participantId));
      const days = daysOf(session).map((d) => {
        const today = rows.filter((r) => r.sessionId === session.id && r.day === d.date && people.has(r.participantId));
        const count = (...statuses: AttendanceStatus[]) => today.filter((r) => statuses.includes(r.status)).length;
        return { date: d.date, label: d.label, confirmed: people.size, signedIn: count('present', 'late'), late: count('late'), absent: count('absent'), leave: count('leave'), notYet: people.size - today.length };
      });
      return { session, days };
    });
  }
}

function toPerson(p: ParticipantProfile, registrationId: number): RosterPerson {
  return { participantId: p.id, registrationId, name: p.name, unitLabel: p.unitLabel, districtId: p.districtId, districtName: p.districtName, postLabel: p.postLabel, mobile: p.mobile };
}
