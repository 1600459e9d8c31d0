import { APPROVAL_AUTHORITY_LABELS, MOVE_KIND_LABELS } from '../staffing-terms';
import { STAFFING_MESSAGES as M } from '../staffing-messages';
import { isIsoDate } from './date-ranges';
import { Approval, CheckInput, StaffFacts, StaffingState, Subject, Violation } from './staffing-facts';
import { indexOf, isLive, officeLabel } from './staffing-state';

const RULE = 'TASK_13_DEDICATED_POST_APPROVAL';
const hard = (rule: string, message: string, subjects: Subject[]): Violation => ({ rule, severity: 'hard', message, subjects });

/**
 * Task 13 (附件 任务13): "司法所使用的政法专项编制应实行单列，专编专用 … 不得挤占、挪用司法所政法专项编制，
 * 未经区级以上司法行政机关同意，不得交流、借调、借用司法所政法专项编制人员". All 'hard':
 * - a move of a dedicated-post person out of an office — a rotation out recorded as 交流, 借调 or
 *   借用 (the message names the kind), or a register change to another unit — needs the recorded
 *   consent of the office's district bureau or the city bureau (number and date, no later than the move);
 * - re-typing a dedicated post as another kind at the office (挤占、挪用) needs the same consent;
 * - a dedicated post is an office's post: a record outside an office cannot hold one.
 */
export function checkDedicatedPostApproval(input: CheckInput): Violation[] {
  const out: Violation[] = [];
  const people = indexOf(input.after);
  for (const change of input.changes) {
    if (change.subject === 'assignment') {
      const a = change.after;
      const person = people.person(a.personId);
      if (a.kind !== 'rotation' || a.direction !== 'out' || !isLive(a) || person?.postType !== 'dedicated') continue;
      const kind = MOVE_KIND_LABELS[a.moveKind ?? 'exchange'];
      const problems = approvalProblems(input.after, a.approval, a.officeId, a.startDate, `${kind}开始日期`);
      if (problems.length) out.push(hard(RULE, M.task13Move(kind, person.name, officeLabel(input.after, a.officeId), problems), [{ type: 'assignment', id: a.id }, { type: 'office', id: a.officeId }]));
      continue;
    }
    out.push(...registerProblems(input, change.before, change.after, change.approval ?? null));
  }
  return out;
}

function registerProblems(input: CheckInput, before: StaffFacts | null, after: StaffFacts, approval: Approval | null): Violation[] {
  const subject: Subject = { type: 'staff', id: after.id };
  const out: Violation[] = [];
  if (after.postType === 'dedicated' && after.unitKind !== 'office') out.push(hard('TASK_13_DEDICATED_OUTSIDE_OFFICE', M.task13Outside(after.name, unitName(input.after, after)), [subject]));
  if (before?.unitKind !== 'office' || before.officeId === null || before.postType !== 'dedicated') return out;
  const office = officeLabel(input.after, before.officeId);
  const subjects = [subject, { type: 'office' as const, id: before.officeId }];
  const moved = !(after.unitKind === 'office' && after.officeId === before.officeId);
  if (moved) {
    const problems = approvalProblems(input.after, approval, before.officeId, input.today);
    if (problems.length) out.push(hard(RULE, M.task13RegisterMove(after.name, office, problems), subjects));
  } else if (after.postType !== 'dedicated') {
    const problems = approvalProblems(input.after, approval, before.officeId, input.today);
    if (problems.length) out.push(hard('TASK_13_DEDICATED_POST_RETYPED', M.task13Retype(after.name, office, problems), subjects));
  }
  return out;
}

function unitName(state: StaffingState, p: StaffFacts): string {
  if (p.unitKind === 'district_bureau') return `${indexOf(state).districtName(p.districtId) ?? ''}司法局`;
  if (p.unitKind === 'city_bureau') return '市司法局';
  return p.unitName ?? '其他单位';
}

/**
 * What is wrong with a recorded approval for moving someone out of `officeId` on `moveDate`; empty
 * when valid. `when` names `moveDate` in the late-consent problem (e.g. 借调开始日期).
 */
export function approvalProblems(state: StaffingState, approval: Approval | null, officeId: number, moveDate: string, when = '本次登记日期'): string[] {
  if (!approval) return [M.approvalMissing];
  const problems: string[] = [];
  const office = indexOf(state).office(officeId);
  if (!approval.documentNumber.trim()) problems.push(M.approvalNoNumber);
  if (!isIsoDate(approval.date)) problems.push(M.approvalNoDate);
  else if (approval.date > moveDate) problems.push(M.approvalLate(approval.date, when, moveDate));
  if (approval.authority === 'district_bureau' && office && approval.districtId !== office.districtId) {
    problems.push(M.approvalWrongDistrict(indexOf(state).districtName(approval.districtId) ?? '其他区'));
  }
  if (!APPROVAL_AUTHORITY_LABELS[approval.authority]) problems.push(M.approvalAuthority);
  return problems;
}
