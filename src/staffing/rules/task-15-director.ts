import { DEFAULT_POLICY, POSITION_LABELS } from '../staffing-terms';
import { STAFFING_MESSAGES as M } from '../staffing-messages';
import { CheckInput, StaffFacts, StaffingState, Violation } from './staffing-facts';
import { headcountBoundaries, indexOf, isLive, officeLabel, officesTouched, positionsOnPost } from './staffing-state';

/** A register director back from a rotation out of the office that ended before `day`: the post on return is decided then. */
const returned = (state: StaffingState, p: StaffFacts, officeId: number, day: string) =>
  state.assignments.some((a) => a.kind === 'rotation' && a.direction === 'out' && a.personId === p.id && a.officeId === officeId && isLive(a) && a.endDate !== null && a.endDate < day && a.startDate >= p.startDate);

const directors = (state: StaffingState, officeId: number, day: string) =>
  positionsOnPost(state, officeId, day)
    .filter((h) => h.position === 'director' && !(h.person.position === 'director' && returned(state, h.person, officeId, day)))
    .map((h) => h.person.name);

/**
 * Task 15 (附件 任务15): "司法所实行所长负责制，设所长1人，根据工作需要可设副所长". A change after which an
 * office has two or more directors on post on some day from `today` on (own staff, or a cadre
 * rotated in as director), more than it had that day before the change, is refused ('hard'). Deputies
 * are not limited. A director back from a rotation out is not counted after the return: the post
 * they take on return is decided then (the plan is silent). @returns at most one violation per office: the first such day.
 */
export function checkOneDirector(input: CheckInput): Violation[] {
  const out: Violation[] = [];
  for (const officeId of officesTouched(input).filter((id) => indexOf(input.after).office(id))) {
    const days = new Set([input.today, ...headcountBoundaries(input.before, officeId), ...headcountBoundaries(input.after, officeId)]);
    for (const day of [...days].filter((x) => x >= input.today).sort()) {
      const after = directors(input.after, officeId, day);
      if (after.length <= 1 || after.length <= directors(input.before, officeId, day).length) continue;
      out.push({ rule: 'TASK_15_ONE_DIRECTOR', severity: 'hard', message: M.task15SecondDirector(officeLabel(input.after, officeId), day, after), subjects: [{ type: 'office', id: officeId }] });
      break;
    }
  }
  return out;
}

const formalAt = (p: StaffFacts | null, officeId?: number | null): p is StaffFacts =>
  p !== null && p.unitKind === 'office' && p.officeId !== null && p.employment === 'permanent' && (officeId === undefined || p.officeId === officeId);

/**
 * What a register change does that task 15 calls 人事任免、调动 of an office's director, deputy or
 * formal staff member: the office concerned and a description, or null. A new record taking up the
 * post before the effective date is history, not an appointment; other edits (education, phone …)
 * are neither.
 */
export function appointmentOrMove(before: StaffFacts | null, after: StaffFacts, state: StaffingState, effectiveDate: string): { officeId: number; what: string } | null {
  const sameOffice = after.unitKind === 'office' && after.officeId === before?.officeId;
  if (formalAt(after) && (!formalAt(before, after.officeId) || before.position !== after.position)) {
    if (!before && after.startDate < effectiveDate) return null;
    return { officeId: after.officeId!, what: M.task15Appointed(officeLabel(state, after.officeId!), POSITION_LABELS[after.position]) };
  }
  if (formalAt(before) && !formalAt(after, before.officeId)) {
    return { officeId: before.officeId!, what: sameOffice ? M.task15LeavesEstablishment(officeLabel(state, before.officeId!)) : M.task15Moved(officeLabel(state, before.officeId!)) };
  }
  return null;
}

/**
 * Task 15: "司法所所长、副所长和正式在编人员的人事任免、调动由区司法局提出建议". An appointment or move (see
 * `appointmentOrMove`) is recorded with the proposal of the office's district bureau (区司法局, and the
 * date); without it, or proposed by another district's bureau, it is refused ('hard').
 */
export function checkAppointmentProposal(input: CheckInput): Violation[] {
  const policy = input.policy ?? DEFAULT_POLICY;
  const index = indexOf(input.after);
  const out: Violation[] = [];
  for (const change of input.changes) {
    if (change.subject !== 'staff') continue;
    const found = appointmentOrMove(change.before, change.after, input.after, policy.effectiveDate);
    const office = found && index.office(found.officeId);
    if (!found || !office) continue;
    const subjects = [{ type: 'staff' as const, id: change.after.id }, { type: 'office' as const, id: found.officeId }];
    const proposal = change.proposal;
    if (!proposal) out.push({ rule: 'TASK_15_PROPOSAL', severity: 'hard', message: M.task15ProposalMissing(change.after.name, found.what), subjects });
    else if (proposal.districtId !== office.districtId) {
      const message = M.task15ProposalWrongDistrict(change.after.name, found.what, index.districtName(office.districtId) ?? '', index.districtName(proposal.districtId) ?? '其他区');
      out.push({ rule: 'TASK_15_PROPOSAL', severity: 'hard', message, subjects });
    }
  }
  return out;
}
