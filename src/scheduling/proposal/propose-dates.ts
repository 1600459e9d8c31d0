import { DomainError } from '../../common/domain-error';
import { isCalendarDate } from '../../common/shanghai-time';
import { addDays, consecutiveDates, isWorkingDay, isYearCovered, weekdayOf, weekdayText } from '../calendar/working-days';

/** What the organiser asks for; dates 'YYYY-MM-DD' Asia/Shanghai, the range inclusive. */
export interface ProposalRequest {
  from: string;
  to: string;
  /** How many sessions (期), 1–20. */
  sessions: number;
  /** Consecutive working days per session, 1–14. */
  daysPerSession: number;
  /** Working days that must lie between the last day of a session and the first day of the next, 0–60. */
  minGapDays: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) no session day may fall on. */
  avoidWeekdays?: number[];
  /** The earliest first day allowed (e.g. the day after the registration deadline). */
  notBefore?: string;
  /** Days already taken (e.g. the venue holds another session); no session day may fall on them. */
  taken?: ReadonlySet<string>;
}

/** One proposed session: its first day and every day of it. */
export interface ProposedSession {
  firstDay: string;
  days: string[];
}

/**
 * Proposes a schedule: each session on consecutive calendar days that are all working days in
 * mainland China (weekends and public holidays skipped, adjusted working days 调休 used), none
 * on an avoided weekday or a taken day, at least `minGapDays` working days apart, all within the
 * range. Sessions are placed as early as possible (earliest fit), which finds a schedule whenever
 * one exists.
 * @returns the sessions in order.
 * @throws DomainError VALIDATION_FAILED with a Chinese message when the request is invalid or the
 *   range is too short for the sessions asked.
 */
export function proposeSchedule(request: ProposalRequest, isWorking: (date: string) => boolean = isWorkingDay): ProposedSession[] {
  checkRequest(request);
  const avoid = new Set(request.avoidWeekdays ?? []);
  const usable = (d: string) => isWorking(d) && !avoid.has(weekdayOf(d)) && !request.taken?.has(d);
  const start = request.notBefore && request.notBefore > request.from ? request.notBefore : request.from;
  const placed: ProposedSession[] = [];
  let cursor = start;
  while (placed.length < request.sessions && cursor <= request.to) {
    const days = consecutiveDates(cursor, request.daysPerSession);
    if (days[days.length - 1] > request.to) break;
    if (days.every(usable)) {
      placed.push({ firstDay: cursor, days });
      cursor = afterGap(days[days.length - 1], request.minGapDays, isWorking);
    } else cursor = addDays(cursor, 1);
  }
  if (placed.length < request.sessions) {
    const avoided = avoid.size ? `，避开${[...avoid].sort().map(weekdayText).join('、')}` : '';
    throw new DomainError(
      'VALIDATION_FAILED',
      `${start} 至 ${request.to} 之间排不下 ${request.sessions} 期（每期 ${request.daysPerSession} 个连续工作日，两期之间至少间隔 ${request.minGapDays} 个工作日${avoided}）：只能排下 ${placed.length} 期。请放宽日期范围或减少期数。`,
    );
  }
  return placed;
}

/** The first day on which the next session may start: after `gap` working days following `lastDay`. */
function afterGap(lastDay: string, gap: number, isWorking: (date: string) => boolean): string {
  let day = addDays(lastDay, 1);
  for (let counted = 0; counted < gap; day = addDays(day, 1)) if (isWorking(day)) counted++;
  return day;
}

function checkRequest(r: ProposalRequest): void {
  const fail = (message: string) => {
    throw new DomainError('VALIDATION_FAILED', message);
  };
  if (!isCalendarDate(r.from) || !isCalendarDate(r.to)) fail('请填写有效的起止日期，如 2021-05-06。');
  if (r.from > r.to) fail('开始日期不能晚于结束日期。');
  if (addDays(r.from, 366) < r.to) fail('日期范围不能超过一年。');
  if (!Number.isInteger(r.sessions) || r.sessions < 1 || r.sessions > 20) fail('期数应为 1–20 的整数。');
  if (!Number.isInteger(r.daysPerSession) || r.daysPerSession < 1 || r.daysPerSession > 14) fail('每期天数应为 1–14 的整数。');
  if (!Number.isInteger(r.minGapDays) || r.minGapDays < 0 || r.minGapDays > 60) fail('两期间隔应为 0–60 个工作日。');
  if ((r.avoidWeekdays ?? []).some((w) => !Number.isInteger(w) || w < 1 || w > 7)) fail('避开的星期只能是星期一至星期日。');
  if (r.notBefore !== undefined && !isCalendarDate(r.notBefore)) fail('最早开始日期无效。');
  for (let year = Number(r.from.slice(0, 4)); year <= Number(r.to.slice(0, 4)); year++) {
    if (!isYearCovered(year)) fail(`工作日历尚无 ${year} 年的节假日安排（国务院通知发布并更新日历库后才能排期）。`);
  }
}
