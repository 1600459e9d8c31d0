import { EDUCATION_LABELS, EDUCATION_RANK, PLAN_ISSUED_ON } from '../staffing-terms';
import { CheckInput, StaffFacts, Violation } from './staffing-facts';
import { officeLabel } from './staffing-state';

/**
 * A newly hired person: flagged as such, or hired on or after the plan's issue date (2021-02-09).
 */
export function isNewlyHired(person: StaffFacts): boolean {
  return person.newlyHired || (person.hiredOn !== null && person.hiredOn >= PLAN_ISSUED_ON);
}

/**
 * Task 17 (附件 任务17): "新招录的司法所正式在编工作人员应具备大学本科以上文化程度". A register record
 * of a newly hired, permanent (正式在编) member of a judicial office with less than a bachelor's
 * degree is refused ('hard'). "本科以上" includes the bachelor's degree itself.
 */
export function checkNewHireEducation(input: CheckInput): Violation[] {
  const violations: Violation[] = [];
  for (const change of input.changes) {
    if (change.subject !== 'staff') continue;
    const p = change.after;
    if (p.unitKind !== 'office' || p.officeId === null || p.employment !== 'permanent' || !isNewlyHired(p)) continue;
    if (EDUCATION_RANK[p.education] >= EDUCATION_RANK.bachelor) continue;
    violations.push({
      rule: 'TASK_17_NEW_HIRE_EDUCATION',
      severity: 'hard',
      message: `任务17：${p.name}为${officeLabel(input.after, p.officeId)}新招录的正式在编工作人员，学历为${EDUCATION_LABELS[p.education]}，应具备大学本科以上文化程度。`,
      subjects: [{ type: 'staff', id: p.id }],
    });
  }
  return violations;
}
