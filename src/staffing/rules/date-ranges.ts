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

/** '2021-04-12' → '2021年4月12日'; an open end reads 至今. */
export function formatDate(date: string | null): string {
  if (!date) return '至今';
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A range for messages: 2021年4月1日至2021年9月30日. */
export function formatRange(range: DateRange): string {
  return `${formatDate(range.startDate)}至${range.endDate ? formatDate(range.endDate) : '今后（未定结束日期）'}`;
}
