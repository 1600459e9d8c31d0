import { checkEligibility } from './eligibility';
import { checkDates, checkOverlaps, checkReferences, checkStatusTransition } from './integrity';
import { CheckInput, Rule, Violation } from './staffing-facts';
import { indexOf } from './staffing-state';
import { checkMinimumHeadcount, officesEntitledToMore } from './task-12-headcount';
import { checkDedicatedPostApproval } from './task-13-dedicated-post';
import { checkAppointmentProposal, checkOneDirector } from './task-15-director';
import { checkNewHireEducation } from './task-17-new-hire-education';
import { checkCertificateCoverage, checkNewLeaderCertificate } from './task-18-certificate';
import { checkRotationQualification } from './task-21-rotation-qualification';
import { officesTouched } from './staffing-state';

/** Task 12 ('report') for a change: touched offices entitled to more posts. */
const checkEntitlement: Rule = (input) => officesEntitledToMore(input.after, officesTouched(input).filter((id) => indexOf(input.after).office(id)));

/** Every rule run on every change, in the order their findings are listed. */
export const STAFFING_RULES: Rule[] = [
  checkDates,
  checkReferences,
  checkOverlaps,
  checkStatusTransition,
  checkEligibility,
  checkDedicatedPostApproval,
  checkMinimumHeadcount,
  checkOneDirector,
  checkAppointmentProposal,
  checkNewHireEducation,
  checkNewLeaderCertificate,
  checkRotationQualification,
  checkCertificateCoverage,
  checkEntitlement,
];

/** The decision on a proposed change. */
export interface CheckResult {
  /** True when nothing blocks the change. */
  allowed: boolean;
  /** Every 'hard' and unresolved 'needs-reason' violation: the change is refused if any. */
  blocking: Violation[];
  /** 'report' findings (tasks 12, 18): shown to the organiser, never block. */
  reports: Violation[];
}

/**
 * Runs every staffing rule (tasks 12, 13, 15, 17, 18, 19, 21, 27 and the date/reference checks) on
 * a proposed change and returns ALL violations, so a refused change lists every rule it breaks.
 * Pure: no clock, no database.
 */
export function checkChange(input: CheckInput, rules: Rule[] = STAFFING_RULES): CheckResult {
  const violations = rules.flatMap((rule) => rule(input));
  const blocking = violations.filter((v) => v.severity !== 'report');
  return { allowed: blocking.length === 0, blocking, reports: violations.filter((v) => v.severity === 'report') };
}
