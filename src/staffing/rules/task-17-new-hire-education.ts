import { DEFAULT_POLICY, EDUCATION_LABELS, EDUCATION_RANK } from '../staffing-terms';
import { STAFFING_MESSAGES as M } from '../staffing-messages';
import { CheckInput, StaffFacts, StaffingPolicy, Violation } from './staffing-facts';
import { officeLabel } from './staffing-state';

/**
 * A newly hired person (新招录/新录用), decided from the hire record: recruited on or after the
 * plan's effective date (`policy.effectiveDate`, default 2021-02-09). Without a hire date the 新招录
 * flag as entered decides (task 19 placements; task 17 asks for the date, see below).
 */
export function isNewlyHired(person: StaffFacts, policy: StaffingPolicy = DEFAULT_POLICY): boolean {
  return person.hiredOn !== null ? person.hiredOn >= policy.effectiveDate : person.newlyHired;
}

const joinsOffice = (before: StaffFacts | null, after: StaffFacts) => !before || before.unitKind !== 'office' || before.officeId !== after.officeId;

/**
 * Task 17 (附件 任务17): "新招录的司法所正式在编工作人员应具备大学本科以上文化程度，具备较高的政治素质以及履行
 * 岗位职责所必备的法律专业知识和业务工作能力". For a register record of a permanent (正式在编) member of a
 * judicial office, all 'hard':
 * - joining an office on or after the effective date without a hire date: the hire date is asked for
 *   (the message shows the cut-off);
 * - flag and dates that contradict each other: flagged 新招录 but hired, or on post, before the
 *   cut-off; hired on or after it but not flagged; hired after taking up the post;
 * - a new hire with less than a bachelor's degree. "本科以上" includes the bachelor's degree itself.
 */
export function checkNewHireEducation(input: CheckInput): Violation[] {
  const policy = input.policy ?? DEFAULT_POLICY;
  const cutoff = policy.effectiveDate;
  const violations: Violation[] = [];
  for (const change of input.changes) {
    if (change.subject !== 'staff') continue;
    const p = change.after;
    if (p.unitKind !== 'office' || p.officeId === null || p.employment !== 'permanent') continue;
    const office = officeLabel(input.after, p.officeId);
    const problems: string[] = [];
    if (p.hiredOn === null) {
      if (p.newlyHired && p.startDate < cutoff) problems.push(M.task17FlagButStartedEarly(p.name, p.startDate, cutoff));
      else if (joinsOffice(change.before, p) && p.startDate >= cutoff) problems.push(M.task17HireDateMissing(p.name, office, p.startDate, cutoff));
    } else {
      if (p.newlyHired && p.hiredOn < cutoff) problems.push(M.task17FlagButEarly(p.name, p.hiredOn, cutoff));
      if (!p.newlyHired && p.hiredOn >= cutoff) problems.push(M.task17LateButNotFlagged(p.name, p.hiredOn, cutoff));
      if (p.hiredOn > p.startDate) problems.push(M.task17HiredAfterStart(p.name, p.hiredOn, p.startDate));
    }
    const subjects = [{ type: 'staff' as const, id: p.id }];
    for (const message of problems) violations.push({ rule: 'TASK_17_HIRE_RECORD', severity: 'hard', message, subjects });
    if (problems.length || !isNewlyHired(p, policy) || EDUCATION_RANK[p.education] >= EDUCATION_RANK.bachelor) continue;
    violations.push({ rule: 'TASK_17_NEW_HIRE_EDUCATION', severity: 'hard', message: M.task17Education(p.name, office, p.hiredOn, EDUCATION_LABELS[p.education]), subjects });
  }
  return violations;
}
