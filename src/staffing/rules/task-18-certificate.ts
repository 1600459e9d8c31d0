import { LEADING_POSITIONS, PLAN_ISSUED_ON, POSITION_LABELS } from '../staffing-terms';
import { CheckInput, StaffFacts, StaffingState, Violation } from './staffing-facts';
import { indexOf, isLive, officeLabel, officesTouched, onPost } from './staffing-state';

const isLeader = (p: StaffFacts) => p.unitKind === 'office' && LEADING_POSITIONS.includes(p.position);

/**
 * True when a register change appoints the person director or deputy director of an office: a
 * new record whose start date is on or after the plan (2021-02-09), or a record whose position or
 * office changes into such a post.
 */
export function isNewLeaderAppointment(before: StaffFacts | null, after: StaffFacts): boolean {
  if (!isLeader(after)) return false;
  if (!before) return after.startDate >= PLAN_ISSUED_ON;
  return !isLeader(before) || before.position !== after.position || before.officeId !== after.officeId;
}

/**
 * Task 18 (附件 任务18): "新提任司法所所长、副所长应当具备法律职业资格证书". A newly appointed director
 * or deputy director — in the register, or a cadre rotated into an office to take such a post —
 * without the legal professional qualification certificate is refused ('hard').
 */
export function checkNewLeaderCertificate(input: CheckInput): Violation[] {
  const violations: Violation[] = [];
  const people = indexOf(input.after);
  for (const change of input.changes) {
    let person: StaffFacts | undefined;
    let officeId: number;
    let position;
    if (change.subject === 'staff') {
      if (!isNewLeaderAppointment(change.before, change.after)) continue;
      [person, officeId, position] = [change.after, change.after.officeId!, change.after.position];
    } else {
      const a = change.after;
      if (a.kind !== 'rotation' || a.direction !== 'in' || !isLive(a) || !a.incomingPosition || !LEADING_POSITIONS.includes(a.incomingPosition)) continue;
      [person, officeId, position] = [people.person(a.personId), a.officeId, a.incomingPosition];
    }
    if (!person || person.certificateHeld) continue;
    violations.push({
      rule: 'TASK_18_NEW_LEADER_CERTIFICATE',
      severity: 'hard',
      message: `任务18：${person.name}新任${officeLabel(input.after, officeId)}${POSITION_LABELS[position]}，新提任司法所所长、副所长应当具备法律职业资格证书。`,
      subjects: [{ type: 'staff', id: person.id }, { type: 'office', id: officeId }],
    });
  }
  return violations;
}

/**
 * Task 18 ('report'): "各区局应当在2年内为辖区内每个司法所至少配备1名具备法律职业资格证书的工作人员".
 * Offices (all, or those listed) with nobody on post on `date` holding the certificate.
 */
export function officesWithoutCertificateHolder(state: StaffingState, date: string, officeIds?: number[]): Violation[] {
  const ids = officeIds ?? state.offices.map((o) => o.id);
  return ids
    .filter((id) => !onPost(state, id, date).some((p) => p.certificateHeld))
    .map((id) => ({
      rule: 'TASK_18_OFFICE_CERTIFICATE_HOLDER',
      severity: 'report' as const,
      message: `任务18：${officeLabel(state, id)}在岗人员中没有具备法律职业资格证书的工作人员，区局应在2年内至少配备1名。`,
      subjects: [{ type: 'office' as const, id }],
    }));
}

/** Task 18 ('report') for a change: touched offices left without a certificate holder from `today`. */
export function checkCertificateCoverage(input: CheckInput): Violation[] {
  const touched = officesTouched(input).filter((id) => indexOf(input.after).office(id));
  return officesWithoutCertificateHolder(input.after, input.today, touched);
}
