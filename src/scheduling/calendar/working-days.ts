import calendar from 'chinese-days/dist/chinese-days.json';
import { DateTime } from 'luxon';
import { SHANGHAI } from '../../common/shanghai-time';

/**
 * What a date is in mainland China's working-day calendar: a normal working day, a weekend, a
 * public holiday (法定节假日及调休放假), or an adjusted working day (调休上班, a weekend day
 * worked in exchange for a holiday).
 */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted-workday';

/** One calendar day ('YYYY-MM-DD', Asia/Shanghai) and its kind; `holiday` names the festival (Chinese). */
export interface CalendarDay {
  date: string;
  working: boolean;
  kind: DayKind;
  /** The festival the day belongs to (holidays and adjusted working days), e.g. 劳动节. */
  holiday?: string;
}

/**
 * The library's data (State Council arrangements: date → "English,中文,days"). Read directly,
 * not through its date functions: those parse 'YYYY-MM-DD' as UTC and format it in the process's
 * zone, so west of UTC (the test suite's TZ=America/New_York) every answer is a day early.
 */
const HOLIDAYS: Record<string, string> = calendar.holidays;
const WORKDAYS: Record<string, string> = calendar.workdays;
const COVERED_YEARS = new Set(Object.keys(HOLIDAYS).map((d) => Number(d.slice(0, 4))));

/**
 * True when the `chinese-days` library holds the State Council's holiday arrangement for `year`
 * (it has data from 2004; a year not yet published has no holidays at all).
 */
export function isYearCovered(year: number): boolean {
  return COVERED_YEARS.has(year);
}

/**
 * The kind of a date, from the `chinese-days` library (version pinned in package.json; the years
 * the product relies on are tested in working-days.spec.ts against the State Council notices).
 * @throws RangeError when `date` is not a real 'YYYY-MM-DD' date.
 */
export function calendarDay(date: string): CalendarDay {
  const day = DateTime.fromISO(date, { zone: SHANGHAI });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) throw new RangeError(`Invalid date ${date}`);
  const festival = (entry: string) => entry.split(',')[1];
  if (HOLIDAYS[date]) return { date, working: false, kind: 'holiday', holiday: festival(HOLIDAYS[date]) };
  if (WORKDAYS[date]) return { date, working: true, kind: 'adjusted-workday', holiday: festival(WORKDAYS[date]) };
  return day.weekday >= 6 ? { date, working: false, kind: 'weekend' } : { date, working: true, kind: 'workday' };
}

/** True when `date` ('YYYY-MM-DD') is a working day in mainland China. */
export function isWorkingDay(date: string): boolean {
  return calendarDay(date).working;
}

/** `date` plus `days` calendar days ('YYYY-MM-DD'). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: SHANGHAI }).plus({ days }).toFormat('yyyy-MM-dd');
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return DateTime.fromISO(date, { zone: SHANGHAI }).weekday;
}

/** The `count` consecutive dates from `first` ('YYYY-MM-DD'). */
export function consecutiveDates(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

const KIND_TEXT: Record<DayKind, string> = { workday: '工作日', weekend: '周末', holiday: '法定节假日', 'adjusted-workday': '调休上班日' };
const WEEKDAY_TEXT = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/** A day for messages: 2021年4月10日（星期六，周末）. */
export function describeDay(date: string): string {
  const day = calendarDay(date);
  const [y, m, d] = date.split('-').map(Number);
  const kind = day.holiday && day.kind === 'holiday' ? `${day.holiday}假期` : day.holiday ? `${day.holiday}调休上班日` : KIND_TEXT[day.kind];
  return `${y}年${m}月${d}日（${WEEKDAY_TEXT[weekdayOf(date)]}，${kind}）`;
}

/** Chinese name of an ISO weekday (1 = 星期一). */
export function weekdayText(weekday: number): string {
  return WEEKDAY_TEXT[weekday];
}
