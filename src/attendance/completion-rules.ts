import type { AttendanceStatus } from './attendance.entity';

/** What a person's days add up to: complete (结业), not complete, or not decided while the session is still on. */
export type CompletionResult = 'complete' | 'incomplete' | 'pending';

/**
 * The completion rule (issue 11, item 6): a participant who attended every day of their session
 * (signed in on time or late) is complete. An approved leave of one day counts as attended when
 * the run's organiser decided so (`oneDayLeaveCounts`); leave of more than one day never does.
 * Decided only once the session's last day has ended (`ended`); before that the result is pending.
 * @param days the status of each day of the session, in order; null where nothing was recorded.
 */
export function completionOf(days: (AttendanceStatus | null)[], oneDayLeaveCounts: boolean, ended: boolean): CompletionResult {
  if (!ended) return 'pending';
  const attended = days.filter((d) => d === 'present' || d === 'late').length;
  const leave = days.filter((d) => d === 'leave').length;
  if (attended === days.length) return 'complete';
  return oneDayLeaveCounts && leave === 1 && attended === days.length - 1 ? 'complete' : 'incomplete';
}

/** Chinese labels of completion results. */
export const COMPLETION_TEXT: Record<CompletionResult, string> = { complete: '结业', incomplete: '未结业', pending: '培训进行中' };
