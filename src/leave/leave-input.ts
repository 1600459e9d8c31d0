import { DomainError } from '../common/domain-error';
import { UNSAFE_TEXT } from '../common/text-rules';
import { isCalendarDate } from '../common/shanghai-time';
import type { LeaveScope } from './leave-request.entity';

/** A leave request as the forms send it: `what` is 'session' or a day 'YYYY-MM-DD'; a reason. */
export interface LeaveForm {
  what: LeaveScope | string;
  reason: string;
}

/**
 * Reads a leave form. @returns scope, day and trimmed reason.
 * @throws DomainError VALIDATION_FAILED (Chinese) when `what` is neither 'session' nor a date, or
 *   the reason is empty or longer than 200 characters.
 */
export function readLeaveForm(form: Record<string, unknown>): { scope: LeaveScope; day: string | null; reason: string } {
  const what = typeof form.what === 'string' ? form.what : '';
  const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
  if (what !== 'session' && !isCalendarDate(what)) throw new DomainError('VALIDATION_FAILED', '请选择请假全期或其中一天。');
  if (!reason) throw new DomainError('VALIDATION_FAILED', '请填写请假事由。');
  if (reason.length > 200) throw new DomainError('VALIDATION_FAILED', '请假事由不超过 200 字。');
  if (UNSAFE_TEXT.test(reason)) throw new DomainError('VALIDATION_FAILED', '请假事由不能含换行、制表符、控制字符或不可见的格式字符。');
  return what === 'session' ? { scope: 'session', day: null, reason } : { scope: 'day', day: what, reason };
}
