import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { checkSessionSchedule, OtherSession, PlannedSession, ScheduleProblem } from './rules/session-schedule';
import { Venue } from './venues/venue.entity';

/** An organiser's explicit confirmation that the listed problems are accepted. */
export interface ScheduleOverride {
  confirmed: boolean;
  reason?: string;
}

/** The problems of one planned session. */
export interface SessionProblems {
  title: string;
  problems: ScheduleProblem[];
}

/**
 * Applies the calendar rules of issue 12 to sessions being created or changed, against the
 * database: the run's other sessions and every session at the same venue.
 */
@Injectable()
export class ScheduleCheckService {
  constructor(private readonly audit: AuditService) {}

  /** The problems of each planned session (they are also checked against one another). */
  async problems(m: EntityManager, run: Pick<TrainingRun, 'id' | 'registrationDeadline'>, planned: PlannedSession[]): Promise<SessionProblems[]> {
    const venueIds = [...new Set(planned.map((p) => p.venueId).filter((v): v is number => v !== null))];
    const venues = venueIds.length ? await m.findBy(Venue, { id: In(venueIds) }) : [];
    const stored = await m.find(TrainingSession, { where: [{ runId: run.id, status: 'scheduled' }, ...(venueIds.length ? [{ venueId: In(venueIds), status: 'scheduled' as const }] : [])] });
    const ids = new Set(planned.map((p) => p.id).filter((id) => id !== undefined));
    const others: OtherSession[] = stored.filter((s) => !ids.has(s.id)).map((s) => ({ id: s.id, title: s.title, firstDay: s.firstDay, dayCount: s.dayCount, venueId: s.venueId, runId: s.runId }));
    return planned.map((session, i) => {
      const siblings = planned.filter((_, j) => j !== i).map((p, j) => ({ id: p.id ?? -1 - j, title: p.title, firstDay: p.firstDay, dayCount: p.dayCount, venueId: p.venueId, runId: run.id }));
      const venue = venues.find((v) => v.id === session.venueId) ?? null;
      return { title: session.title, problems: checkSessionSchedule(session, { runId: run.id, registrationDeadline: run.registrationDeadline, others: [...others, ...siblings], venue }) };
    });
  }

  /**
   * Refuses the plan when it has problems, unless every problem may be overridden and the
   * organiser confirmed; an accepted override is written to the audit log in the caller's
   * transaction (action `session.schedule.override`).
   * @throws DomainError SCHEDULE_CONFLICT (409) with the problems as details, Chinese message.
   */
  async enforce(m: EntityManager, run: Pick<TrainingRun, 'id' | 'registrationDeadline'>, planned: PlannedSession[], override?: ScheduleOverride): Promise<void> {
    const found = (await this.problems(m, run, planned)).filter((s) => s.problems.length);
    if (!found.length) return;
    const all = found.flatMap((s) => s.problems);
    const hard = all.some((p) => !p.overridable);
    if (hard || !override?.confirmed) {
      const hint = hard ? '' : '如确需如此安排，请勾选“确认例外安排”后再保存（将记入操作记录）。';
      throw new DomainError('SCHEDULE_CONFLICT', `${all.map((p) => p.message).join('')}${hint}`, { sessions: found, overridable: !hard });
    }
    await this.audit.record(m, {
      action: 'session.schedule.override',
      subjectType: 'run',
      subjectId: run.id,
      after: { reason: override.reason?.slice(0, 200) ?? '', problems: found.map((s) => ({ title: s.title, codes: s.problems.map((p) => p.code), messages: s.problems.map((p) => p.message) })) },
    });
  }
}
