import { covers, nextDay } from './date-ranges';
import { StaffPosition } from '../staffing-terms';
import { AssignmentFacts, Justifications, OfficeFacts, StaffFacts, StaffingChange, StaffingState } from './staffing-facts';

/** An assignment that still counts: not cancelled. */
export function isLive(assignment: AssignmentFacts): boolean {
  return assignment.status !== 'cancelled';
}

/** The state with the changes applied: records replaced by id, new ones appended. */
export function applyChanges(state: StaffingState, changes: StaffingChange[]): StaffingState {
  const staff = new Map(state.staff.map((s) => [s.id, s]));
  const assignments = new Map(state.assignments.map((a) => [a.id, a]));
  for (const change of changes) {
    if (change.subject === 'staff') staff.set(change.after.id, change.after);
    else assignments.set(change.after.id, change.after);
  }
  return { ...state, staff: [...staff.values()], assignments: [...assignments.values()] };
}

/** Id lookups over a state (built once per state). */
export interface StateIndex {
  office(id: number | null): OfficeFacts | undefined;
  person(id: number | null): StaffFacts | undefined;
  districtName(id: number | null): string | undefined;
}

const indexes = new WeakMap<StaffingState, StateIndex>();

/** Lookups by id for a state; memoised per state object. */
export function indexOf(state: StaffingState): StateIndex {
  let index = indexes.get(state);
  if (!index) {
    const offices = new Map(state.offices.map((o) => [o.id, o]));
    const staff = new Map(state.staff.map((s) => [s.id, s]));
    const districts = new Map(state.districts.map((d) => [d.id, d.name]));
    index = {
      office: (id) => (id === null ? undefined : offices.get(id)),
      person: (id) => (id === null ? undefined : staff.get(id)),
      districtName: (id) => (id === null ? undefined : districts.get(id)),
    };
    indexes.set(state, index);
  }
  return index;
}

/** An office's name for messages, e.g. 南京东路街道司法所. */
export function officeLabel(state: StaffingState, officeId: number): string {
  const office = indexOf(state).office(officeId);
  return office ? `${office.name}司法所` : `司法所（编号${officeId}）`;
}

const rotatedOut = (state: StaffingState, person: StaffFacts, officeId: number, date: string) =>
  state.assignments.some(
    (a) => a.kind === 'rotation' && a.direction === 'out' && a.personId === person.id && a.officeId === officeId && isLive(a) && covers(a, date),
  );

/**
 * The people working at an office on a date: its own staff who have started and are not rotated
 * out, plus cadres rotated in (task 21). Placed and liaison cadres (task 19) are visitors and do
 * not count.
 */
export function onPost(state: StaffingState, officeId: number, date: string): StaffFacts[] {
  const index = indexOf(state);
  const own = state.staff.filter(
    (s) => s.unitKind === 'office' && s.officeId === officeId && s.startDate <= date && !rotatedOut(state, s, officeId, date),
  );
  const incoming = state.assignments
    .filter((a) => a.kind === 'rotation' && a.direction === 'in' && a.officeId === officeId && isLive(a) && covers(a, date))
    .map((a) => index.person(a.personId))
    .filter((p): p is StaffFacts => p !== undefined && !own.includes(p));
  return [...own, ...incoming];
}

/**
 * Task 12: the office's posts filled on a date (在编在岗人数) — formal (正式在编) members of the office
 * itself, on post. A cadre rotated in works there but fills no post of the office.
 */
export function headcount(state: StaffingState, officeId: number, date: string): number {
  return onPost(state, officeId, date).filter((p) => p.employment === 'permanent' && p.unitKind === 'office' && p.officeId === officeId).length;
}

/** True when a reason of kind `key` was given and applies to `officeId` (reasons given for one office lift only its findings). */
export function reasonGiven(j: Justifications, key: 'headcount' | 'qualification', officeId: number): boolean {
  return Boolean(j[key]?.trim()) && (j.officeId == null || j.officeId === officeId);
}

/** Dates on which an office's headcount can change: starts, and the day after ends. */
export function headcountBoundaries(state: StaffingState, officeId: number): string[] {
  const dates = state.staff.filter((s) => s.unitKind === 'office' && s.officeId === officeId).map((s) => s.startDate);
  for (const a of state.assignments) {
    if (a.kind !== 'rotation' || a.officeId !== officeId) continue;
    dates.push(a.startDate);
    if (a.endDate) dates.push(nextDay(a.endDate));
  }
  return dates;
}

/** Offices a set of changes touches: the office of each record before and after, and for a person the offices of their rotations. */
export function officesTouched(input: { before: StaffingState; after: StaffingState; changes: StaffingChange[] }): number[] {
  const ids = new Set<number>();
  const people = new Set<number>();
  for (const change of input.changes) {
    if (change.subject === 'assignment') {
      if (change.before) ids.add(change.before.officeId);
      ids.add(change.after.officeId);
      continue;
    }
    people.add(change.after.id);
    for (const person of [change.before, change.after]) {
      if (person?.unitKind === 'office' && person.officeId !== null) ids.add(person.officeId);
    }
  }
  for (const state of [input.before, input.after]) {
    for (const a of state.assignments) if (a.kind === 'rotation' && people.has(a.personId)) ids.add(a.officeId);
  }
  return [...ids].sort((a, b) => a - b);
}

/** A person on post at an office on a date with the position held there (own post, or the position taken on a rotation in). */
export interface PostHolder {
  person: StaffFacts;
  position: StaffPosition;
}

/** Task 15: who holds which position at an office on a date (see `onPost`). */
export function positionsOnPost(state: StaffingState, officeId: number, date: string): PostHolder[] {
  const incoming = new Map(
    state.assignments
      .filter((a) => a.kind === 'rotation' && a.direction === 'in' && a.officeId === officeId && isLive(a) && covers(a, date))
      .map((a) => [a.personId, a.incomingPosition ?? 'staff'] as const),
  );
  return onPost(state, officeId, date).map((person) => ({ person, position: incoming.get(person.id) ?? person.position }));
}
