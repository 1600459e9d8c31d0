import { DateTime } from 'luxon';

/** The zone every date and time of the product is read in (DOMAIN.md: UTC+8, no daylight saving). */
export const SHANGHAI = 'Asia/Shanghai';

/** One day of a session: start and end instants. */
export interface DayInterval {
  start: Date;
  end: Date;
}

/**
 * The instants of each day of a session held on `dayCount` consecutive days from `firstDay`
 * ('YYYY-MM-DD'), each from `dailyStart` to `dailyEnd` ('HH:mm'), Asia/Shanghai local.
 * Independent of the process's TZ (case C03).
 * @throws RangeError when a date or time is not valid.
 */
export function sessionDays(firstDay: string, dayCount: number, dailyStart: string, dailyEnd: string): DayInterval[] {
  const day = DateTime.fromISO(firstDay, { zone: SHANGHAI });
  if (!day.isValid) throw new RangeError(`Invalid date ${firstDay}`);
  const at = (d: DateTime, hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number);
    const t = d.set({ hour, minute, second: 0, millisecond: 0 });
    if (!t.isValid || t.hour !== hour || t.minute !== minute) throw new RangeError(`Invalid time ${hhmm}`);
    return t.toJSDate();
  };
  return Array.from({ length: dayCount }, (_, i) => {
    const d = day.plus({ days: i });
    return { start: at(d, dailyStart), end: at(d, dailyEnd) };
  });
}

/** Memo of `sessionDayLabels`, by its arguments; emptied when it reaches `DAY_LABELS_LIMIT`. */
const dayLabels = new Map<string, readonly string[]>();
const DAY_LABELS_LIMIT = 4096;

/**
 * The dates of a session's days for Chinese pages (`formatShanghai(start, false)` of each of
 * `sessionDays`), e.g. ['2021年4月12日（星期一）', …]. A pure function of its arguments, so it is
 * memoised: the participant page shows every session's dates on every view and luxon's zone
 * arithmetic was a large part of that page's time (issue 10, item 7). Do not mutate the result.
 * @throws RangeError as `sessionDays` does.
 */
export function sessionDayLabels(firstDay: string, dayCount: number, dailyStart: string, dailyEnd: string): readonly string[] {
  const key = `${firstDay}|${dayCount}|${dailyStart}|${dailyEnd}`;
  let labels = dayLabels.get(key);
  if (!labels) {
    labels = Object.freeze(sessionDays(firstDay, dayCount, dailyStart, dailyEnd).map((d) => formatShanghai(d.start, false)));
    if (dayLabels.size >= DAY_LABELS_LIMIT) dayLabels.clear();
    dayLabels.set(key, labels);
  }
  return labels;
}

/** True when `value` is a real calendar date written 'YYYY-MM-DD' (rejects 2021-02-30; case C11). */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: SHANGHAI }).isValid;
}

/** True when `value` is a clock time 'HH:mm' from 00:00 to 23:59. */
export function isClockTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/**
 * Reads an ISO 8601 local date-time. Rule (case C11): with an offset or `Z` the instant is taken
 * as written; without one it is read as Asia/Shanghai local time. A space where the offset's `+`
 * stood (an unencoded `+` in a query string) is read as `+`.
 * @returns the instant, or null when the text is not a valid date-time.
 */
export function parseShanghaiDateTime(value: string): Date | null {
  const text = value.trim().replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$/, '$1+$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(text)) return null;
  const parsed = DateTime.fromISO(text, { zone: SHANGHAI, setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** The Shanghai local parts of an instant: date 'YYYY-MM-DD' and time 'HH:mm'. */
export function toShanghaiParts(instant: Date): { date: string; time: string } {
  const t = DateTime.fromJSDate(instant, { zone: SHANGHAI });
  return { date: t.toFormat('yyyy-MM-dd'), time: t.toFormat('HH:mm') };
}

/** Memo of `formatShanghai`, by instant and form; emptied when it reaches `FORMATTED_LIMIT` entries. */
const formatted = new Map<string, string>();
const FORMATTED_LIMIT = 4096;

/**
 * Formats an instant for Chinese pages, e.g. 2021年4月12日（星期一）09:00. Memoised (bounded): a
 * pure function of the instant, and luxon's zone and zh-CN weekday work was ≈ 3 % of a personal
 * page view, which shows the same deadlines on every view (issue 10, item 7).
 */
export function formatShanghai(instant: Date, withTime = true): string {
  const key = `${instant.getTime()}|${withTime ? 1 : 0}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const t = DateTime.fromJSDate(instant, { zone: SHANGHAI }).setLocale('zh-CN');
    text = t.toFormat(withTime ? "yyyy年M月d日（cccc）HH:mm" : 'yyyy年M月d日（cccc）');
    if (formatted.size >= FORMATTED_LIMIT) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** Midnight in Shanghai of a `YYYY-MM-DD` day from a form; undefined when absent or malformed. */
export function shanghaiDay(value: string | undefined): Date | undefined {
  if (!value || !isCalendarDate(value)) return undefined;
  return DateTime.fromISO(value, { zone: SHANGHAI }).toJSDate();
}

