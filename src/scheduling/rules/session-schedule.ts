import { sessionDays } from '../../common/shanghai-time';
import { consecutiveDates, describeDay, isWorkingDay, isYearCovered } from '../calendar/working-days';

/** The dates and place of a session being planned or changed (Asia/Shanghai local). */
export interface PlannedSession {
  /** The session's id when it exists already (it never collides with itself). */
  id?: number;
  title: string;
  firstDay: string;
  dayCount: number;
  dailyStart: string;
  dailyEnd: string;
  venueId: number | null;
  capacity: number;
}

/** Another scheduled session the plan is checked against. */
export interface OtherSession {
  id: number;
  title: string;
  firstDay: string;
  dayCount: number;
  venueId: number | null;
  runId: number;
}

/** What a session's schedule is checked against. */
export interface ScheduleContext {
  runId: number;
  registrationDeadline: Date;
  /** Scheduled sessions of the same run and every scheduled session at the same venue. */
  others: readonly OtherSession[];
  venue: { id: number; name: string; capacity: number } | null;
}

/**
 * One problem of a session's schedule. `overridable` problems may be accepted by an organiser's
 * explicit confirmation (recorded in the audit log); the others never.
 */
export interface ScheduleProblem {
  code: 'NON_WORKING_DAY' | 'RUN_OVERLAP' | 'VENUE_DAY_TAKEN' | 'BEFORE_DEADLINE' | 'VENUE_CAPACITY' | 'YEAR_NOT_COVERED';
  message: string;
  overridable: boolean;
}

/**
 * Checks a session's days (issue 12): every day a working day in mainland China (weekends and
 * public holidays refused, adjusted working days accepted), no day shared with another session
 * of the run or with another session at the same venue, the first day starting after the
 * registration deadline, and no more seats than the venue has.
 * @returns the problems, empty when the schedule is fine. Dates must be valid (checked before).
 */
export function checkSessionSchedule(session: PlannedSession, ctx: ScheduleContext): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const days = consecutiveDates(session.firstDay, session.dayCount);
  const years = [...new Set(days.map((d) => Number(d.slice(0, 4))))].filter((y) => !isYearCovered(y));
  if (years.length) {
    problems.push({ code: 'YEAR_NOT_COVERED', overridable: true, message: `工作日历尚无 ${years.join('、')} 年的节假日安排，无法确认是否为工作日。` });
  } else {
    const off = days.filter((d) => !isWorkingDay(d));
    if (off.length) problems.push({ code: 'NON_WORKING_DAY', overridable: true, message: `${session.title}安排在非工作日：${off.map(describeDay).join('、')}。` });
  }
  const mine = new Set(days);
  for (const other of ctx.others) {
    if (other.id === session.id) continue;
    const shared = consecutiveDates(other.firstDay, other.dayCount).filter((d) => mine.has(d));
    if (!shared.length) continue;
    if (other.runId === ctx.runId) {
      problems.push({ code: 'RUN_OVERLAP', overridable: true, message: `${session.title}与本班${other.title}日期重叠（${shared.map(describeDay).join('、')}）。` });
    }
    if (session.venueId !== null && other.venueId === session.venueId) {
      problems.push({ code: 'VENUE_DAY_TAKEN', overridable: true, message: `场地${ctx.venue?.name ?? ''}在 ${shared.join('、')} 已安排${other.title}，同一场地一天只能办一期。` });
    }
  }
  const start = sessionDays(session.firstDay, session.dayCount, session.dailyStart, session.dailyEnd)[0].start;
  if (start.getTime() <= ctx.registrationDeadline.getTime()) {
    problems.push({ code: 'BEFORE_DEADLINE', overridable: true, message: `${session.title}在报名截止前就开始（${describeDay(session.firstDay)}），参训人员来不及报名。` });
  }
  if (ctx.venue && session.capacity > ctx.venue.capacity) {
    problems.push({ code: 'VENUE_CAPACITY', overridable: false, message: `${session.title}容量 ${session.capacity} 人超过场地${ctx.venue.name}的 ${ctx.venue.capacity} 个座位。` });
  }
  return problems;
}
