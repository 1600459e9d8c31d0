import { JudicialOffice } from '../organisation/judicial-office.entity';
import { Proposal, StaffingChange, Violation } from './rules/staffing-facts';
import { toStaffFacts } from './staffing-facts.mapper';
import { LoadedState } from './staffing-ledger.service';
import { FORM_MESSAGES as F } from './staffing-messages';

/**
 * The register change that makes `successorId` the director of `office` from `startDate` (the
 * incoming director of a training hand-over), judged with the rotation by every rule — so task 18
 * (a newly appointed director holds the certificate), task 15 (the district bureau's proposal) and
 * task 21 apply to them. Blocking extras:
 * the person must exist and have a mobile number and an e-mail address, which the training needs.
 */
export function successorChange(
  loaded: LoadedState, successorId: number, office: JudicialOffice, startDate: string, outgoingId: number, proposal: Proposal | null = null,
): { changes: StaffingChange[]; extra: Violation[] } {
  const successor = loaded.staff.get(successorId);
  const subjects = [{ type: 'staff' as const, id: successorId }];
  if (!successor) {
    return { changes: [], extra: [{ rule: 'UNKNOWN_PERSON', severity: 'hard', message: F.successorNotInRegister(successorId), subjects }] };
  }
  const extra: Violation[] = [];
  if (successorId === outgoingId) extra.push({ rule: 'HANDOVER_SUCCESSOR', severity: 'hard', message: F.successorIsOutgoing, subjects });
  if (!successor.email || !successor.mobile) {
    extra.push({
      rule: 'HANDOVER_SUCCESSOR_CONTACT',
      severity: 'hard',
      message: F.successorContact(successor.name),
      subjects,
    });
  }
  const before = toStaffFacts(successor);
  if (before.unitKind === 'office' && before.officeId === office.id && before.position === 'director') return { changes: [], extra };
  const after = { ...before, unitKind: 'office' as const, officeId: office.id, districtId: office.districtId, unitName: null, position: 'director' as const, startDate };
  return { changes: [{ subject: 'staff', before, after, proposal }], extra };
}
