import { AssignmentFacts, CheckInput, StaffFacts, Subject, Violation } from './staffing-facts';
import { indexOf } from './staffing-state';
import { isNewlyHired } from './task-17-new-hire-education';
import { STAFFING_MESSAGES as M } from '../staffing-messages';
import { DEFAULT_POLICY } from '../staffing-terms';

const isBureau = (p: StaffFacts) => p.unitKind === 'city_bureau' || p.unitKind === 'district_bureau';
const hard = (rule: string, message: string, subjects: Subject[]): Violation => ({ rule, severity: 'hard', message, subjects });

/**
 * Who may hold which assignment ('hard'):
 * - task 19 "健全新录用的市、区局机关干部到司法所锻炼制度": a placement is for a newly recruited cadre of
 *   the city or a district bureau;
 * - task 19 "建立健全市、区局机关干部联系司法所工作机制": a liaison is a city or district bureau cadre;
 * - task 27 "建立健全领导干部基层工作联系点制度": a contact point is kept by a leading cadre (领导干部)
 *   of the city or a district bureau;
 * - task 21 "司法所干部与区局机关、街道乡镇及其他单位干部交流任职": a rotation out of an office is by one of
 *   its own staff to a named other unit; a rotation in is by a cadre of another unit (not an office).
 */
export function checkEligibility(input: CheckInput): Violation[] {
  const out: Violation[] = [];
  const index = indexOf(input.after);
  for (const change of input.changes) {
    if (change.subject !== 'assignment' || change.after.status === 'cancelled') continue;
    const a = change.after;
    const p = index.person(a.personId);
    if (!p) continue;
    const subjects: Subject[] = [{ type: 'assignment', id: a.id }, { type: 'staff', id: p.id }];
    if (a.kind === 'placement' && !(isBureau(p) && isNewlyHired(p, input.policy ?? DEFAULT_POLICY))) {
      out.push(hard('TASK_19_PLACEMENT_ELIGIBILITY', M.task19Placement(p.name), subjects));
    }
    if (a.kind === 'liaison' && !isBureau(p)) {
      out.push(hard('TASK_19_LIAISON_ELIGIBILITY', M.task19Liaison(p.name), subjects));
    }
    if (a.kind === 'contact_point' && !(isBureau(p) && p.leadingCadre)) {
      out.push(hard('TASK_27_CONTACT_POINT_ELIGIBILITY', M.task27ContactPoint(p.name), subjects));
    }
    if (a.kind === 'rotation') out.push(...rotationProblems(p, a, subjects, index.office(a.officeId)?.name));
  }
  return out;
}

function rotationProblems(p: StaffFacts, a: AssignmentFacts, subjects: Subject[], officeName?: string): Violation[] {
  const rule = 'TASK_21_ROTATION_UNITS';
  const office = officeName ? `${officeName}司法所` : '该司法所';
  const problems: string[] = [];
  if (a.direction !== 'out' && a.direction !== 'in') problems.push(M.task21NoDirection);
  if (!a.counterpartKind || !a.counterpartName?.trim()) problems.push(M.task21NoCounterpart);
  if (a.direction === 'out' && (p.unitKind !== 'office' || p.officeId !== a.officeId)) problems.push(M.task21NotOwnStaff(p.name, office));
  if (a.direction === 'in' && p.unitKind === 'office') problems.push(M.task21OwnStaffIn(p.name));
  if (a.direction === 'in' && !a.incomingPosition) problems.push(M.task21NoPosition);
  return problems.length ? [hard(rule, M.task21Units(problems), subjects)] : [];
}
