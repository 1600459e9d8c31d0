import { CheckInput, StaffFacts, Violation } from './staffing-facts';
import { indexOf, isLive, officeLabel, reasonGiven } from './staffing-state';
import { STAFFING_MESSAGES as M } from '../staffing-messages';

const qualified = (p: StaffFacts) => p.certificateHeld || p.lawDegree;

/**
 * Task 21 (附件 任务21): "交流到司法所的干部原则上应具备履行岗位职责必备的法律专业知识和业务工作能力".
 * A cadre rotated into an office (a rotation 'in', or a register move from another unit into an
 * office) who holds neither the legal professional qualification certificate nor a law degree
 * needs a recorded justification ('needs-reason': "原则上", in principle).
 */
export function checkRotationQualification(input: CheckInput): Violation[] {
  const violations: Violation[] = [];
  const people = indexOf(input.after);
  for (const change of input.changes) {
    let person: StaffFacts | undefined;
    let officeId: number;
    if (change.subject === 'assignment') {
      const a = change.after;
      if (a.kind !== 'rotation' || a.direction !== 'in' || !isLive(a)) continue;
      [person, officeId] = [people.person(a.personId), a.officeId];
    } else {
      const { before, after } = change;
      if (!before || before.unitKind === 'office' || after.unitKind !== 'office' || after.officeId === null) continue;
      [person, officeId] = [after, after.officeId];
    }
    if (!person || qualified(person) || reasonGiven(input.justifications, 'qualification', officeId)) continue;
    violations.push({
      rule: 'TASK_21_ROTATION_QUALIFICATION',
      severity: 'needs-reason',
      message: M.task21Qualification(person.name, officeLabel(input.after, officeId)),
      subjects: [{ type: 'staff', id: person.id }, { type: 'office', id: officeId }],
    });
  }
  return violations;
}
