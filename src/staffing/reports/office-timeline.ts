import { formatDate } from '../rules/date-ranges';
import { StaffingState } from '../rules/staffing-facts';
import { indexOf } from '../rules/staffing-state';
import { ASSIGNMENT_KIND_LABELS, ASSIGNMENT_STATUS_LABELS, DIRECTION_LABELS, POSITION_LABELS } from '../staffing-terms';

/** One dated event at an office. `date` is a Shanghai date 'YYYY-MM-DD'. */
export interface TimelineEvent {
  date: string;
  what: string;
  person: string;
  status: string;
  assignmentId?: number;
}

/**
 * The staffing timeline of one office, oldest first: its staff taking up their posts, and the
 * start and end of every placement, liaison, rotation and contact point there (tasks 19, 21, 27).
 * Pure; the service adds the history entries (who changed what, when).
 */
export function officeTimeline(state: StaffingState, officeId: number): TimelineEvent[] {
  const index = indexOf(state);
  const events: TimelineEvent[] = state.staff
    .filter((s) => s.unitKind === 'office' && s.officeId === officeId)
    .map((s) => ({ date: s.startDate, what: `任${POSITION_LABELS[s.position]}`, person: s.name, status: '' }));
  for (const a of state.assignments.filter((x) => x.officeId === officeId)) {
    const kind = a.kind === 'rotation' && a.direction ? DIRECTION_LABELS[a.direction] : ASSIGNMENT_KIND_LABELS[a.kind];
    const person = index.person(a.personId)?.name ?? '';
    const status = ASSIGNMENT_STATUS_LABELS[a.status];
    events.push({ date: a.startDate, what: `${kind}开始${a.endDate ? `（至${formatDate(a.endDate)}）` : ''}`, person, status, assignmentId: a.id });
    if (a.endDate) events.push({ date: a.endDate, what: `${kind}结束`, person, status, assignmentId: a.id });
  }
  return events.sort((x, y) => x.date.localeCompare(y.date) || x.person.localeCompare(y.person, 'zh-CN'));
}
