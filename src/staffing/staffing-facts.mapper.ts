import { JudicialOffice } from '../organisation/judicial-office.entity';
import { OfficeProfile } from './office-profile.entity';
import { AssignmentFacts, OfficeFacts, StaffFacts } from './rules/staffing-facts';
import { StaffMember } from './staff-member.entity';
import { StaffingAssignment } from './staffing-assignment.entity';

/** Entity → plain facts for the pure rules (and back for assignments' approval columns). */

/** A register record's facts. */
export function toStaffFacts(s: StaffMember): StaffFacts {
  return {
    id: s.id,
    name: s.name,
    unitKind: s.unitKind,
    officeId: s.officeId,
    districtId: s.districtId,
    unitName: s.unitName,
    position: s.position,
    leadingCadre: s.leadingCadre,
    postType: s.postType,
    employment: s.employment,
    education: s.education,
    lawDegree: s.lawDegree,
    certificateHeld: s.certificateHeld,
    certificateDate: s.certificateDate,
    startDate: s.startDate,
    newlyHired: s.newlyHired,
    hiredOn: s.hiredOn,
  };
}

/** An assignment's facts; the approval only when complete. */
export function toAssignmentFacts(a: StaffingAssignment): AssignmentFacts {
  return {
    id: a.id,
    kind: a.kind,
    personId: a.personId,
    officeId: a.officeId,
    direction: a.direction,
    moveKind: a.moveKind,
    counterpartKind: a.counterpartKind,
    counterpartName: a.counterpartName,
    incomingPosition: a.incomingPosition,
    startDate: a.startDate,
    endDate: a.endDate,
    status: a.status,
    approval:
      a.approvalAuthority && a.approvalDocumentNumber && a.approvalDate
        ? { authority: a.approvalAuthority, districtId: a.approvalDistrictId, documentNumber: a.approvalDocumentNumber, date: a.approvalDate }
        : null,
  };
}

/** Columns of an assignment from its facts (the approval flattened). */
export function assignmentColumns(f: AssignmentFacts): Partial<StaffingAssignment> {
  return {
    kind: f.kind,
    personId: f.personId,
    officeId: f.officeId,
    direction: f.direction,
    moveKind: f.moveKind,
    counterpartKind: f.counterpartKind,
    counterpartName: f.counterpartName,
    incomingPosition: f.incomingPosition,
    startDate: f.startDate,
    endDate: f.endDate,
    status: f.status,
    approvalAuthority: f.approval?.authority ?? null,
    approvalDistrictId: f.approval?.districtId ?? null,
    approvalDocumentNumber: f.approval?.documentNumber ?? null,
    approvalDate: f.approval?.date ?? null,
  };
}

/** An office's facts with its optional population and area. */
export function toOfficeFacts(o: JudicialOffice, profile?: OfficeProfile): OfficeFacts {
  return {
    id: o.id,
    name: o.unitName,
    districtId: o.districtId,
    kind: o.kind,
    population: profile?.population ?? null,
    areaKm2: profile?.areaKm2 ?? null,
    approvedPosts: profile?.approvedPosts ?? null,
    postIncrease:
      profile?.postIncreaseGround
        ? {
            ground: profile.postIncreaseGround,
            note: profile.postIncreaseNote,
            approvedBy: profile.postIncreaseApprovedBy ?? '',
            approvedOn: profile.postIncreaseApprovedOn ?? '',
            reference: profile.postIncreaseReference ?? '',
          }
        : null,
  };
}
