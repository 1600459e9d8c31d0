import { StaffingChange, StaffingState } from './staffing-facts';
import { isLive, positionsOnPost } from './staffing-state';

/** A register change making `personId` the director of `officeId` from `date`; `outgoingId` is who held it before, if anyone. */
export interface NewDirector {
  officeId: number;
  personId: number;
  date: string;
  outgoingId: number | null;
}

/**
 * Every way the register makes someone an office's director (issue 14, item 6: training follows the
 * register): a record becoming director of an office (new, promoted, moved in) and a rotation in as
 * director. The outgoing director is the one on post that day before the change. Pure.
 */
export function newDirectors(before: StaffingState, changes: StaffingChange[]): NewDirector[] {
  const out: NewDirector[] = [];
  for (const change of changes) {
    let officeId: number;
    let personId: number;
    let date: string;
    if (change.subject === 'staff') {
      const { before: was, after } = change;
      if (after.unitKind !== 'office' || after.officeId === null || after.position !== 'director') continue;
      if (was?.unitKind === 'office' && was.officeId === after.officeId && was.position === 'director') continue;
      [officeId, personId, date] = [after.officeId, after.id, after.startDate];
    } else {
      const a = change.after;
      if (change.before || a.kind !== 'rotation' || a.direction !== 'in' || a.incomingPosition !== 'director' || !isLive(a)) continue;
      [officeId, personId, date] = [a.officeId, a.personId, a.startDate];
    }
    const outgoing = positionsOnPost(before, officeId, date).find((h) => h.position === 'director' && h.person.id !== personId);
    out.push({ officeId, personId, date, outgoingId: outgoing?.person.id ?? null });
  }
  return out;
}
