import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { Attendance } from './attendance.entity';
import { AttendancePolicyService } from './attendance-policy.service';
import { ATTENDANCE_TEXT } from './attendance-terms';
import { COMPLETION_TEXT, CompletionResult, completionOf } from './completion-rules';
import { daysOf } from './session-days';
import { RosterPerson, SessionRosterService } from './session-roster.service';

/** One person's completion: their days and the result. */
export interface CompletionRow extends RosterPerson {
  sessionId: number;
  sessionTitle: string;
  days: string[];
  result: CompletionResult;
  resultText: string;
}

/** Totals of a group (a session, a district, the city). */
export interface CompletionTotal {
  label: string;
  confirmed: number;
  complete: number;
  incomplete: number;
  pending: number;
  /** e.g. 95.0% of the decided ones, or '—'. */
  rate: string;
}

/** The completion report of a run (issue 11, item 6). */
export interface CompletionReport {
  run: TrainingRun;
  oneDayLeaveCounts: boolean;
  rows: CompletionRow[];
  bySession: CompletionTotal[];
  byDistrict: CompletionTotal[];
  city: CompletionTotal;
}

/**
 * Completion (结业) per person from their attendance, by the run's rule (`completionOf`), with
 * totals per session, per district and for the city.
 */
@Injectable()
export class CompletionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roster: SessionRosterService,
    private readonly policies: AttendancePolicyService,
    private readonly clock: Clock,
  ) {}

  /** @throws DomainError NOT_FOUND (no such run). */
  async report(runId: number, filter: { sessionId?: number; districtId?: number } = {}): Promise<CompletionReport> {
    const run = await this.dataSource.getRepository(TrainingRun).findOneBy({ id: runId });
    if (!run) throw new DomainError('NOT_FOUND', `培训班 ${runId} 不存在。`);
    const { oneDayLeaveCounts } = await this.policies.get(runId);
    const sessions = (await this.dataSource.getRepository(TrainingSession).find({ where: { runId, status: 'scheduled' }, order: { ordinal: 'ASC' } })).filter((s) => !filter.sessionId || s.id === filter.sessionId);
    const attendance = sessions.length ? await this.dataSource.getRepository(Attendance).find({ where: { sessionId: In(sessions.map((s) => s.id)) } }) : [];
    const key = (a: { sessionId: number; participantId: number; day: string }) => `${a.sessionId}/${a.participantId}/${a.day}`;
    const byKey = new Map(attendance.map((a) => [key(a), a.status]));
    const now = this.clock.now().getTime();
    const rows: CompletionRow[] = [];
    for (const session of sessions) {
      const days = daysOf(session);
      const ended = days[days.length - 1].end.getTime() <= now;
      for (const person of await this.roster.people(session.id, filter.districtId)) {
        const statuses = days.map((d) => byKey.get(key({ sessionId: session.id, participantId: person.participantId, day: d.date })) ?? null);
        const result = completionOf(statuses, oneDayLeaveCounts, ended);
        rows.push({
          ...person,
          sessionId: session.id,
          sessionTitle: session.title,
          days: statuses.map((s, i) => (s ? ATTENDANCE_TEXT[s] : days[i].end.getTime() <= now ? '缺勤' : '未签到')),
          result,
          resultText: COMPLETION_TEXT[result],
        });
      }
    }
    const districts = [...new Map(rows.map((r) => [r.districtId, r.districtName])).entries()];
    return {
      run,
      oneDayLeaveCounts,
      rows,
      bySession: sessions.map((s) => total(s.title, rows.filter((r) => r.sessionId === s.id))),
      byDistrict: districts.map(([id, name]) => total(name, rows.filter((r) => r.districtId === id))),
      city: total('全市', rows),
    };
  }

  /** The rows of complete people, for certificates (of one registration, or of a whole session). */
  async completed(runId: number, filter: { sessionId?: number; registrationId?: number; districtId?: number }): Promise<CompletionRow[]> {
    const report = await this.report(runId, { sessionId: filter.sessionId, districtId: filter.districtId });
    return report.rows.filter((r) => r.result === 'complete' && (!filter.registrationId || r.registrationId === filter.registrationId));
  }
}

function total(label: string, rows: CompletionRow[]): CompletionTotal {
  const count = (r: CompletionResult) => rows.filter((x) => x.result === r).length;
  const complete = count('complete');
  const decided = complete + count('incomplete');
  return { label, confirmed: rows.length, complete, incomplete: count('incomplete'), pending: count('pending'), rate: decided ? `${((complete / decided) * 100).toFixed(1)}%` : '—' };
}
