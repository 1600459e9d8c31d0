import { AllocationProblem, NONE, UNKNOWN } from './allocation-problem';
import type { AllocationConflict, PlacementCode, PlacementExplanation, PlacementReason, ReasonCode } from './allocation.types';
import type { Placement } from './disaggregate';

const RANK_CODES: PlacementCode[] = ['FIRST_CHOICE', 'SECOND_CHOICE', 'THIRD_CHOICE'];
const ORDINALS = ['1st', '2nd', '3rd'];
const REASON_TEXT: Record<ReasonCode, string> = {
  UNKNOWN_SESSION: 'no such session',
  UNAVAILABLE: 'unavailable',
  SESSION_FULL: 'session full',
  DISTRICT_CAP_REACHED: 'district cap reached',
  COST_TRADE_OFF: 'kept free to lower the total cost (moves, evenness)',
};

/** Loads of the final plan, to say why a session was not given. */
interface Loads {
  session: number[];
  /** d * S + s → people of district d in session s. */
  district: Map<number, number>;
}

function loadsOf(problem: AllocationProblem, placement: Placement): Loads {
  const session = problem.capacity.map(() => 0);
  const district = new Map<number, number>();
  const sessions = problem.capacity.length;
  placement.forEach((s, p) => {
    if (s < 0) return;
    session[s]++;
    const key = problem.district[p] * sessions + s;
    district.set(key, (district.get(key) ?? 0) + 1);
  });
  return { session, district };
}

function reasonFor(problem: AllocationProblem, loads: Loads, p: number, s: number): ReasonCode {
  if (s === UNKNOWN) return 'UNKNOWN_SESSION';
  if (problem.unavailable[p].includes(s)) return 'UNAVAILABLE';
  if (loads.session[s] >= problem.capacity[s]) return 'SESSION_FULL';
  const d = problem.district[p];
  if ((loads.district.get(d * problem.capacity.length + s) ?? 0) >= problem.caps[d][s]) return 'DISTRICT_CAP_REACHED';
  return 'COST_TRADE_OFF';
}

function reasonText(reasons: PlacementReason[]): string {
  return reasons.map((r) => `; session ${r.sessionId}: ${REASON_TEXT[r.code]}`).join('');
}

function explainPerson(problem: AllocationProblem, loads: Loads, conflicts: Map<number, AllocationConflict[]>, p: number, s: number): PlacementExplanation {
  const person = problem.input.participants[p];
  const sessionId = (t: number): number => (t === UNKNOWN ? NaN : problem.input.sessions[t].id);
  const why = (targets: readonly number[], ids: readonly number[]): PlacementReason[] =>
    targets.map((t, i) => ({ sessionId: ids[i], code: reasonFor(problem, loads, p, t) }));
  const own = conflicts.get(person.id);
  if (own) {
    const reasons = own.map((c) => ({ sessionId: c.sessionId, code: CONFLICT_REASON[c.code] }));
    return { code: 'PIN_CONFLICT', sessionId: null, rank: null, reasons, text: `pin to session ${person.pinnedSession} cannot be honoured${reasonText(reasons)}` };
  }
  if (s < 0) {
    const all = problem.input.sessions.map((_, t) => t);
    const reasons = why(all, all.map(sessionId));
    return { code: 'UNPLACED', sessionId: null, rank: null, reasons, text: `not placed${reasonText(reasons)}` };
  }
  const id = sessionId(s);
  const rank = problem.ranked[p].indexOf(s);
  if (problem.pin[p] !== NONE) return { code: 'PINNED', sessionId: id, rank: rank < 0 ? null : rank + 1, reasons: [], text: `pinned to session ${id}` };
  const better = rank < 0 ? problem.ranked[p] : problem.ranked[p].slice(0, rank);
  const reasons = why(better, person.ranked.slice(0, better.length));
  if (rank < 0) return { code: 'UNRANKED', sessionId: id, rank: null, reasons, text: `unranked session ${id}${reasonText(reasons)}` };
  const ordinal = ORDINALS[rank] ?? `${rank + 1}th`;
  return { code: RANK_CODES[rank] ?? 'LOWER_CHOICE', sessionId: id, rank: rank + 1, reasons, text: `${ordinal} choice (session ${id})${reasonText(reasons)}` };
}

const CONFLICT_REASON: Record<AllocationConflict['code'], ReasonCode> = {
  PIN_UNKNOWN_SESSION: 'UNKNOWN_SESSION',
  PIN_UNAVAILABLE: 'UNAVAILABLE',
  PIN_OVER_CAPACITY: 'SESSION_FULL',
  PIN_OVER_DISTRICT_CAP: 'DISTRICT_CAP_REACHED',
};

/**
 * One explanation per participant id: the placement code (rank, pinned, unranked,
 * unplaced, pin conflict) and, for each better-ranked session, why it was not given.
 */
export function explain(problem: AllocationProblem, placement: Placement, conflicts: AllocationConflict[]): Map<number, PlacementExplanation> {
  const loads = loadsOf(problem, placement);
  const byPerson = new Map<number, AllocationConflict[]>();
  for (const conflict of conflicts) {
    for (const id of conflict.unplacedIds) byPerson.set(id, [...(byPerson.get(id) ?? []), conflict]);
  }
  const explanations = new Map<number, PlacementExplanation>();
  problem.input.participants.forEach((person, p) => explanations.set(person.id, explainPerson(problem, loads, byPerson, p, placement[p])));
  return explanations;
}
