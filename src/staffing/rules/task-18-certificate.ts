import { DEFAULT_POLICY, LEADING_POSITIONS, POSITION_LABELS, StaffPosition } from '../staffing-terms';
import { STAFFING_MESSAGES as M } from '../staffing-messages';
import { lastDayOfYears } from './date-ranges';
import { CheckInput, StaffFacts, StaffingPolicy, StaffingState, Violation } from './staffing-facts';
import { indexOf, isLive, officeLabel, officesTouched, onPost } from './staffing-state';

const isLeader = (p: StaffFacts) => p.unitKind === 'office' && LEADING_POSITIONS.includes(p.position);
/** Rank of an office position: a move up this scale is a promotion (提任). */
const RANK: Record<StaffPosition, number> = { auxiliary: 0, staff: 1, deputy_director: 2, director: 3 };

/**
 * How a register change makes the person an office director or deputy — a new appointment (新提任)
 * — or null when it is none. New appointments: a new record taking up the post on or after the
 * effective date; a promotion from a lower post or from outside the offices (a non-leader record
 * becoming one, whatever start date is typed); deputy → director. Not new: a demotion
 * (所长 → 副所长) and a sitting leader's move to another office at the same rank. A leader's start
 * date edited, office and position unchanged, is judged again when either date falls on or after the
 * effective date, so that moving the date cannot get round the rule.
 */
export function newLeaderAppointment(before: StaffFacts | null, after: StaffFacts, policy: StaffingPolicy = DEFAULT_POLICY): string | null {
  if (!isLeader(after)) return null;
  if (!before) return after.startDate >= policy.effectiveDate ? M.task18HowFromOutside : null;
  if (!isLeader(before)) return before.unitKind === 'office' ? M.task18HowPromoted(POSITION_LABELS[before.position]) : M.task18HowFromOutside;
  if (RANK[after.position] > RANK[before.position]) return M.task18HowPromoted(POSITION_LABELS[before.position]);
  const sameSeat = before.position === after.position && before.officeId === after.officeId;
  const dateMoved = sameSeat && before.startDate !== after.startDate;
  if (dateMoved && (before.startDate >= policy.effectiveDate || after.startDate >= policy.effectiveDate)) return M.task18HowDateEdited(before.startDate, after.startDate);
  return null;
}

/** True when the change is a new appointment (see `newLeaderAppointment`). */
export function isNewLeaderAppointment(before: StaffFacts | null, after: StaffFacts, policy?: StaffingPolicy): boolean {
  return newLeaderAppointment(before, after, policy) !== null;
}

/** What keeps `p`'s certificate from counting for an appointment on `date`, or null when it counts. */
export function certificateProblem(p: StaffFacts, date: string, today: string): string | null {
  if (!p.certificateHeld || !p.certificateDate) return M.task18NoCertificate;
  if (p.certificateDate > today) return M.task18CertificateFuture(p.certificateDate);
  if (p.certificateDate > date) return M.task18CertificateAfter(p.certificateDate);
  return null;
}

/** A formal (正式在编) member of the office itself holding a certificate obtained by `date`: task 18's holder. */
export function countsAsHolder(p: StaffFacts, officeId: number, date: string): boolean {
  return p.unitKind === 'office' && p.officeId === officeId && p.employment === 'permanent' && p.certificateHeld && p.certificateDate !== null && p.certificateDate <= date;
}

/**
 * Task 18 (附件 任务18): "新提任司法所所长、副所长应当具备法律职业资格证书". A new appointment (see
 * `newLeaderAppointment`; or a cadre rotated into an office as director or deputy) whose certificate
 * is missing, dated after the appointment, or dated in the future is refused ('hard').
 */
export function checkNewLeaderCertificate(input: CheckInput): Violation[] {
  const violations: Violation[] = [];
  const people = indexOf(input.after);
  for (const change of input.changes) {
    let person: StaffFacts | undefined;
    let officeId: number;
    let position: StaffPosition;
    let how: string | null;
    let date: string;
    if (change.subject === 'staff') {
      how = newLeaderAppointment(change.before, change.after, input.policy);
      if (!how) continue;
      [person, officeId, position, date] = [change.after, change.after.officeId!, change.after.position, change.after.startDate];
    } else {
      const a = change.after;
      if (a.kind !== 'rotation' || a.direction !== 'in' || !isLive(a) || !a.incomingPosition || !LEADING_POSITIONS.includes(a.incomingPosition)) continue;
      [person, officeId, position, date, how] = [people.person(a.personId), a.officeId, a.incomingPosition, a.startDate, M.task18HowRotatedIn];
    }
    const problem = person && certificateProblem(person, date, input.today);
    if (!person || !problem) continue;
    violations.push({
      rule: 'TASK_18_NEW_LEADER_CERTIFICATE',
      severity: 'hard',
      message: M.task18NewLeader(person.name, officeLabel(input.after, officeId), POSITION_LABELS[position], date, how, problem),
      subjects: [{ type: 'staff', id: person.id }, { type: 'office', id: officeId }],
    });
  }
  return violations;
}

/** Task 18's two years: first and last day (inclusive), from `policy.certificateWindowStart`. */
export function certificateWindow(policy: StaffingPolicy = DEFAULT_POLICY): { start: string; deadline: string } {
  return { start: policy.certificateWindowStart, deadline: lastDayOfYears(policy.certificateWindowStart, 2) };
}

/**
 * Task 18 ('report'): "各区局应当在2年内为辖区内每个司法所至少配备1名具备法律职业资格证书的工作人员".
 * Offices (all, or those listed) without a holder (see `countsAsHolder`) on post on `date`, as one
 * finding naming them all (one message per problem, not one per office); after the window's last
 * day as overdue. @returns [] or one violation.
 */
export function officesWithoutCertificateHolder(state: StaffingState, date: string, officeIds?: number[], policy?: StaffingPolicy): Violation[] {
  const { start, deadline } = certificateWindow(policy);
  const ids = (officeIds ?? state.offices.map((o) => o.id)).filter((id) => !onPost(state, id, date).some((p) => countsAsHolder(p, id, date)));
  if (!ids.length) return [];
  const names = ids.map((id) => officeLabel(state, id));
  return [
    {
      rule: date > deadline ? 'TASK_18_CERTIFICATE_OVERDUE' : 'TASK_18_OFFICE_CERTIFICATE_HOLDER',
      severity: 'report',
      message: date > deadline ? M.task18Overdue(names, deadline) : M.task18Missing(names, start, deadline),
      subjects: ids.map((id) => ({ type: 'office' as const, id })),
    },
  ];
}

/** Task 18 ('report') for a change: touched offices left without a certificate holder from `today`. */
export function checkCertificateCoverage(input: CheckInput): Violation[] {
  const touched = officesTouched(input).filter((id) => indexOf(input.after).office(id));
  return officesWithoutCertificateHolder(input.after, input.today, touched, input.policy);
}
