import { DateTime } from 'luxon';
import { SHANGHAI } from '../common/shanghai-time';
import type { ReminderRule } from './reminder-rule.entity';

/**
 * When a rule's reminder is due for an event on `eventDay` ('YYYY-MM-DD' Shanghai): `daysBefore`
 * days earlier at `sendAt` Shanghai time. Pure; independent of the process's TZ.
 */
export function dueAt(rule: Pick<ReminderRule, 'daysBefore' | 'sendAt'>, eventDay: string): Date {
  const [hour, minute] = rule.sendAt.split(':').map(Number);
  return DateTime.fromISO(eventDay, { zone: SHANGHAI }).minus({ days: rule.daysBefore }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** True while a reminder should go out: from its due time until the event starts. */
export function isDue(due: Date, eventStart: Date, now: Date): boolean {
  return now.getTime() >= due.getTime() && now.getTime() < eventStart.getTime();
}
