import { Approval, AssignmentFacts, Proposal, CheckInput, Justifications, OfficeFacts, StaffFacts, StaffingChange, StaffingPolicy, StaffingState } from '../../src/staffing/rules/staffing-facts';
import { applyChanges } from '../../src/staffing/rules/staffing-state';

/** Small builders of plain staffing facts for the pure rule specs. */

export const TODAY = '2021-03-22';

let nextId = 1000;

/** An office; defaults: 南京东路街道 (subdistrict) in district 1, attributes unknown. */
export function office(over: Partial<OfficeFacts> = {}): OfficeFacts {
  return { id: 1, name: '南京东路街道', districtId: 1, kind: 'subdistrict', population: null, areaKm2: null, approvedPosts: null, postIncrease: null, ...over };
}

/** A permanent office staff member with a bachelor's degree, no certificate, on post since 2015. */
export function person(over: Partial<StaffFacts> = {}): StaffFacts {
  return {
    id: nextId++,
    name: '张三',
    unitKind: 'office',
    officeId: 1,
    districtId: 1,
    unitName: null,
    position: 'staff',
    leadingCadre: false,
    postType: 'other',
    employment: 'permanent',
    education: 'bachelor',
    lawDegree: false,
    certificateHeld: false,
    certificateDate: null,
    startDate: '2015-01-01',
    newlyHired: false,
    hiredOn: null,
    ...over,
  };
}

/** A district bureau cadre (district 1). */
export function bureauCadre(over: Partial<StaffFacts> = {}): StaffFacts {
  return person({ name: '李四', unitKind: 'district_bureau', officeId: null, ...over });
}

/** A planned assignment at office 1 from 2021-04-01, open-ended. */
export function assignment(over: Partial<AssignmentFacts> & Pick<AssignmentFacts, 'kind' | 'personId'>): AssignmentFacts {
  return {
    id: nextId++,
    officeId: 1,
    direction: null,
    moveKind: null,
    counterpartKind: null,
    counterpartName: null,
    incomingPosition: null,
    startDate: '2021-04-01',
    endDate: null,
    status: 'planned',
    approval: null,
    ...over,
  };
}

/** A rotation out of office 1 to the district bureau's organ. */
export function rotationOut(personId: number, over: Partial<AssignmentFacts> = {}): AssignmentFacts {
  return assignment({ kind: 'rotation', personId, direction: 'out', moveKind: 'exchange', counterpartKind: 'district_bureau_organ', counterpartName: '黄浦区司法局办公室', ...over });
}

/** A rotation into office 1 from a subdistrict government, as a staff member. */
export function rotationIn(personId: number, over: Partial<AssignmentFacts> = {}): AssignmentFacts {
  return assignment({
    kind: 'rotation',
    personId,
    direction: 'in',
    counterpartKind: 'subdistrict_town_gov',
    counterpartName: '南京东路街道办事处',
    incomingPosition: 'staff',
    ...over,
  });
}

/** A state with the two districts, the given offices (default: office 1) and people. */
export function state(staff: StaffFacts[], assignments: AssignmentFacts[] = [], offices: OfficeFacts[] = [office()]): StaffingState {
  return { districts: [{ id: 1, name: '黄浦区' }, { id: 2, name: '徐汇区' }], offices, staff, assignments };
}

/** The rule input for applying `changes` to `before`. */
export function input(before: StaffingState, changes: StaffingChange[], justifications: Justifications = {}, today = TODAY, policy?: StaffingPolicy): CheckInput {
  return { before, after: applyChanges(before, changes), changes, today, justifications, policy };
}

/** A certificate holder (certificate obtained 2014-12-01, before any default start date). */
export const certified = (over: Partial<StaffFacts> = {}) => person({ certificateHeld: true, certificateDate: '2014-12-01', ...over });

/** A new assignment as a change. */
export const add = (after: AssignmentFacts): StaffingChange => ({ subject: 'assignment', before: null, after });

/** An edited register record as a change. */
export const edit = (before: StaffFacts, patch: Partial<StaffFacts>, approval?: Approval | null, proposal?: Proposal | null): StaffingChange => ({
  subject: 'staff',
  before,
  after: { ...before, ...patch },
  approval,
  proposal,
});

/** A new register record as a change. */
export const hire = (after: StaffFacts, proposal?: Proposal | null): StaffingChange => ({ subject: 'staff', before: null, after, proposal });

/** `n` permanent staff of office 1. */
export const team = (n: number, over: Partial<StaffFacts> = {}) => Array.from({ length: n }, (_, i) => person({ name: `人员${i + 1}`, ...over }));
