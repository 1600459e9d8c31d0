import { DateTime } from 'luxon';
import { SHANGHAI } from '../../common/shanghai-time';
import { calendarDay, DayKind } from './working-days';

/** One cell of a month calendar. */
export interface GridDay {
  date: string;
  day: number;
  inMonth: boolean;
  kind: DayKind;
  working: boolean;
  holiday?: string;
  /** What is planned that day, e.g. 第一期 (null when nothing). */
  mark: string | null;
}

/** A month as weeks from Monday to Sunday, for a server-rendered calendar. */
export interface MonthGrid {
  /** e.g. 2021年5月 */
  title: string;
  weeks: GridDay[][];
}

/**
 * The months from `first` to `last` ('YYYY-MM-DD', inclusive) as calendars, each day with its
 * working-day kind (holidays and adjusted working days marked) and the label `marks` gives it.
 */
export function monthGrids(first: string, last: string, marks: ReadonlyMap<string, string> = new Map()): MonthGrid[] {
  const grids: MonthGrid[] = [];
  const end = DateTime.fromISO(last, { zone: SHANGHAI }).startOf('month');
  for (let month = DateTime.fromISO(first, { zone: SHANGHAI }).startOf('month'); month <= end; month = month.plus({ months: 1 })) {
    const weeks: GridDay[][] = [];
    let cursor = month.startOf('week');
    const stop = month.endOf('month').endOf('week');
    while (cursor <= stop) {
      const week: GridDay[] = [];
      for (let i = 0; i < 7; i++, cursor = cursor.plus({ days: 1 })) {
        const date = cursor.toFormat('yyyy-MM-dd');
        const info = calendarDay(date);
        week.push({ date, day: cursor.day, inMonth: cursor.month === month.month, kind: info.kind, working: info.working, holiday: info.holiday, mark: marks.get(date) ?? null });
      }
      weeks.push(week);
    }
    grids.push({ title: `${month.year}年${month.month}月`, weeks });
    if (grids.length >= 13) break;
  }
  return grids;
}
