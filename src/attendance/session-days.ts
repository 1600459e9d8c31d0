import { formatShanghai, sessionDays, toShanghaiParts } from '../common/shanghai-time';
import type { TrainingSession } from '../training/training-session.entity';

/** One day of a session as the attendance pages show it. */
export interface SessionDay {
  /** 'YYYY-MM-DD', Asia/Shanghai. */
  date: string;
  /** 1-based day number within the session. */
  index: number;
  start: Date;
  end: Date;
  /** e.g. 2021年4月12日（星期一） */
  label: string;
}

/** Memo of `daysOf`, by its four arguments; emptied when it reaches `DAYS_LIMIT` entries. */
const memo = new Map<string, readonly SessionDay[]>();
const DAYS_LIMIT = 4096;

/**
 * The days a session meets, Asia/Shanghai (from `sessionDays`). A pure function of the session's
 * dates and hours, memoised (bounded): luxon's zone work was ≈ 4 % of a participant page view
 * (issue 10, item 7). The result is shared and frozen: callers must not change it.
 */
export function daysOf(session: Pick<TrainingSession, 'firstDay' | 'dayCount' | 'dailyStart' | 'dailyEnd'>): readonly SessionDay[] {
  const key = `${session.firstDay}|${session.dayCount}|${session.dailyStart}|${session.dailyEnd}`;
  let days = memo.get(key);
  if (!days) {
    days = Object.freeze(
      sessionDays(session.firstDay, session.dayCount, session.dailyStart, session.dailyEnd).map((d, i) =>
        Object.freeze({ date: toShanghaiParts(d.start).date, index: i + 1, start: d.start, end: d.end, label: formatShanghai(d.start, false) }),
      ),
    );
    if (memo.size >= DAYS_LIMIT) memo.clear();
    memo.set(key, days);
  }
  return days;
}

/** The session's day on `date` ('YYYY-MM-DD'), or null when it does not meet that day. */
export function dayOn(session: Pick<TrainingSession, 'firstDay' | 'dayCount' | 'dailyStart' | 'dailyEnd'>, date: string): SessionDay | null {
  return daysOf(session).find((d) => d.date === date) ?? null;
}

/** e.g. 2021年4月12日（星期一）、2021年4月13日（星期二） */
export function datesText(session: Pick<TrainingSession, 'firstDay' | 'dayCount' | 'dailyStart' | 'dailyEnd'>): string {
  return daysOf(session).map((d) => d.label).join('、');
}
