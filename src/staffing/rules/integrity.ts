import { ASSIGNMENT_KIND_LABELS, ASSIGNMENT_STATUS_LABELS, STATUS_TRANSITIONS } from '../staffing-terms';
import { STAFFING_MESSAGES as M } from '../staffing-messages';
import { endsBeforeStart, isIsoDate, overlaps } from './date-ranges';
import { AssignmentFacts, CheckInput, StaffFacts, StaffingState, Subject, Violation } from './staffing-facts';
import { indexOf, isLive, officeLabel } from './staffing-state';

const hard = (rule: string, message: string, subjects: Subject[]): Violation => ({ rule, severity: 'hard', message, subjects });
const assignmentChanges = (input: CheckInput) => input.changes.flatMap((c) => (c.subject === 'assignment' ? [c] : []));
const ref = (a: AssignmentFacts): Subject => ({ type: 'assignment', id: a.id });

/** Every assignment (tasks 19, 21, 27): valid dates and an end no earlier than the start. */
export function checkDates(input: CheckInput): Violation[] {
  return assignmentChanges(input).flatMap(({ after: a }) => {
    if (!isIsoDate(a.startDate) || (a.endDate !== null && !isIsoDate(a.endDate))) {
      return [hard('DATES_INVALID', M.datesInvalid(ASSIGNMENT_KIND_LABELS[a.kind]), [ref(a)])];
    }
    if (!endsBeforeStart(a)) return [];
    return [hard('DATES_END_BEFORE_START', M.endBeforeStart(ASSIGNMENT_KIND_LABELS[a.kind], a), [ref(a)])];
  });
}

/** Every change: the units and people it names exist. */
export function checkReferences(input: CheckInput): Violation[] {
  const index = indexOf(input.after);
  const out: Violation[] = [];
  for (const change of input.changes) {
    if (change.subject === 'staff') {
      const problem = unitProblem(input.after, change.after);
      if (problem) out.push(hard('UNKNOWN_UNIT', `${change.after.name}：${problem}。`, [{ type: 'staff', id: change.after.id }]));
      continue;
    }
    const a = change.after;
    if (!index.office(a.officeId)) out.push(hard('UNKNOWN_UNIT', M.unknownOffice(a.officeId), [ref(a)]));
    if (!index.person(a.personId)) out.push(hard('UNKNOWN_PERSON', M.unknownPerson(a.personId), [ref(a)]));
    if (a.approval?.authority === 'district_bureau' && !index.districtName(a.approval.districtId)) {
      out.push(hard('UNKNOWN_UNIT', M.unknownApprovalDistrict, [ref(a)]));
    }
  }
  return out;
}

function unitProblem(state: StaffingState, p: StaffFacts): string | null {
  const index = indexOf(state);
  if (p.unitKind === 'office') return index.office(p.officeId) ? null : '所在司法所不存在';
  if (p.unitKind === 'district_bureau') return index.districtName(p.districtId) ? null : '所在区司法局不存在';
  if (p.unitKind === 'city_bureau') return null;
  if (p.districtId !== null && !index.districtName(p.districtId)) return '所在区不存在';
  return p.unitName?.trim() ? null : '街道乡镇或其他单位须填写单位名称';
}

/**
 * Tasks 19 and 21: one person cannot hold two overlapping placements or rotations; the same
 * liaison or contact point (person and office) is not recorded twice for overlapping dates.
 */
export function checkOverlaps(input: CheckInput): Violation[] {
  const out: Violation[] = [];
  const moves = new Set(['placement', 'rotation']);
  for (const { after: a } of assignmentChanges(input)) {
    if (!isLive(a) || endsBeforeStart(a)) continue;
    const clash = input.after.assignments.find(
      (b) =>
        b.id !== a.id &&
        b.personId === a.personId &&
        isLive(b) &&
        (moves.has(a.kind) ? moves.has(b.kind) : b.kind === a.kind && b.officeId === a.officeId) &&
        overlaps(a, b),
    );
    if (!clash) continue;
    const name = indexOf(input.after).person(a.personId)?.name ?? `人员${a.personId}`;
    const message = M.overlap(name, ASSIGNMENT_KIND_LABELS[a.kind], a, ASSIGNMENT_KIND_LABELS[clash.kind], officeLabel(input.after, clash.officeId), clash, moves.has(a.kind));
    out.push(hard('ASSIGNMENT_OVERLAP', message, [ref(a), ref(clash)]));
  }
  return out;
}

/** Status changes follow planned → active → completed; planned or active may be cancelled; the last two are final. */
export function checkStatusTransition(input: CheckInput): Violation[] {
  return assignmentChanges(input).flatMap(({ before, after }) => {
    if (!before || before.status === after.status || STATUS_TRANSITIONS[before.status].includes(after.status)) return [];
    const message = M.statusTransition(ASSIGNMENT_STATUS_LABELS[before.status], ASSIGNMENT_STATUS_LABELS[after.status]);
    return [hard('STATUS_TRANSITION', message, [ref(after)])];
  });
}
