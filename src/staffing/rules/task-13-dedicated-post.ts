import { APPROVAL_AUTHORITY_LABELS } from '../staffing-terms';
import { isIsoDate } from './date-ranges';
import { Approval, CheckInput, StaffingState, Violation } from './staffing-facts';
import { indexOf, isLive, officeLabel } from './staffing-state';

/**
 * Task 13 (附件 任务13): "未经区级以上司法行政机关同意，不得交流、借调、借用司法所政法专项编制人员".
 * Moving a person on a dedicated political-legal post (政法专项编制) out of a judicial office —
 * a rotation out of the office, or a register change to another unit — needs the recorded consent
 * of the office's district bureau or of the city bureau: document number and date, the date no
 * later than the move. Without it the change is refused ('hard').
 */
export function checkDedicatedPostApproval(input: CheckInput): Violation[] {
  const violations: Violation[] = [];
  const people = indexOf(input.after);
  for (const change of input.changes) {
    if (change.subject === 'assignment') {
      const a = change.after;
      const person = people.person(a.personId);
      if (a.kind !== 'rotation' || a.direction !== 'out' || !isLive(a) || person?.postType !== 'dedicated') continue;
      const problems = approvalProblems(input.after, a.approval, a.officeId, a.startDate);
      if (problems.length) violations.push(violation(input.after, person.name, a.officeId, problems, { type: 'assignment', id: a.id }));
      continue;
    }
    const { before, after } = change;
    if (before?.unitKind !== 'office' || before.officeId === null || before.postType !== 'dedicated') continue;
    if (after.unitKind === 'office' && after.officeId === before.officeId) continue;
    const problems = approvalProblems(input.after, change.approval ?? null, before.officeId, input.today);
    if (problems.length) violations.push(violation(input.after, after.name, before.officeId, problems, { type: 'staff', id: after.id }));
  }
  return violations;
}

/** What is wrong with a recorded approval for moving someone out of `officeId` on `moveDate`; empty when valid. */
export function approvalProblems(state: StaffingState, approval: Approval | null, officeId: number, moveDate: string): string[] {
  if (!approval) return ['未录入区级以上司法行政机关的同意文件'];
  const problems: string[] = [];
  const office = indexOf(state).office(officeId);
  if (!approval.documentNumber.trim()) problems.push('缺少同意文件文号');
  if (!isIsoDate(approval.date)) problems.push('缺少同意日期或日期无效');
  else if (approval.date > moveDate) problems.push(`同意日期（${approval.date}）晚于调出日期（${moveDate}），应事先取得同意`);
  if (approval.authority === 'district_bureau' && office && approval.districtId !== office.districtId) {
    const named = indexOf(state).districtName(approval.districtId) ?? '其他区';
    problems.push(`同意机关应为该所所在区的司法局或市司法局，而非${named}司法局`);
  }
  if (!APPROVAL_AUTHORITY_LABELS[approval.authority]) problems.push('同意机关应为区司法局或市司法局');
  return problems;
}

function violation(state: StaffingState, name: string, officeId: number, problems: string[], subject: Violation['subjects'][number]): Violation {
  return {
    rule: 'TASK_13_DEDICATED_POST_APPROVAL',
    severity: 'hard',
    message: `任务13：${name}为${officeLabel(state, officeId)}政法专项编制人员，调出须经区级以上司法行政机关同意（${problems.join('；')}）。`,
    subjects: [subject, { type: 'office', id: officeId }],
  };
}
