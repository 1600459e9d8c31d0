import type { AttendanceStatus } from './attendance.entity';

/** Chinese labels of attendance statuses; `none` is a day without a row (not signed in yet, or absent after the day). */
export const ATTENDANCE_TEXT: Record<AttendanceStatus | 'none', string> = {
  present: '已签到',
  late: '迟到',
  absent: '缺勤',
  leave: '请假',
  none: '未签到',
};

/** Statuses staff may set on the roster page. */
export const ROSTER_STATUSES: AttendanceStatus[] = ['present', 'late', 'absent'];

/** @returns the status, or null when `value` is not one staff may set. */
export function readRosterStatus(value: unknown): AttendanceStatus | null {
  return typeof value === 'string' && (ROSTER_STATUSES as string[]).includes(value) ? (value as AttendanceStatus) : null;
}
