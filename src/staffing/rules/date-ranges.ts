/**
 * Inclusive ranges of Asia/Shanghai calendar dates 'YYYY-MM-DD' (ISO dates compare as strings).
 * `endDate` null means open-ended.
 */
export interface DateRange {
  startDate: string;
  endDate: string | null;
}

const FAR_FUTURE = '9999-12-31';

/** True when the text is a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The day after `date`. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** True when both ranges share at least one day. */
export function overlaps(a: DateRange, b: DateRange): boolean {
  return a.startDate <= (b.endDate ?? FAR_FUTURE) && b.startDate <= (a.endDate ?? FAR_FUTURE);
}

/** True when `date` lies in the range. */
export function covers(range: DateRange, date: string): boolean {
  return range.startDate <= date && date <= (range.endDate ?? FAR_FUTURE);
}

/** True when the range ends before it starts. */
export function endsBeforeStart(range: DateRange): boolean {
  return range.endDate !== null && range.endDate < range.startDate;
}

/** Pairs of indexes (i < j) of the ranges that overlap. */
export function overlappingPairs(ranges: DateRange[]): [number, number][] {
  const order = ranges.map((_, i) => i).sort((i, j) => ranges[i].startDate.localeCompare(ranges[j].startDate));
  const pairs: [number, number][] = [];
  order.forEach((i, position) => {
    for (const j of order.slice(position + 1)) {
      if (ranges[j].startDate > (ranges[i].endDate ?? FAR_FUTURE)) break;
      pairs.push(i < j ? [i, j] : [j, i]);
    }
  });
  return pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

/** '2021-04-12' → '2021年4月12日', the one date style of every staffing message; text that is no date is returned as is. */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** A range for messages: 2021年4月1日至2021年9月30日; open-ended: 2022年4月1日起（未定结束日期）. */
export function formatRange(range: DateRange): string {
  return range.endDate ? `${formatDate(range.startDate)}至${formatDate(range.endDate)}` : `${formatDate(range.startDate)}起（未定结束日期）`;
}

/** The last day of `years` years running from `start` inclusive: 2021-02-09 + 2 → 2023-02-08. */
export function lastDayOfYears(start: string, years: number): string {
  const [y, m, d] = start.split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d - 1)).toISOString().slice(0, 10);
}
