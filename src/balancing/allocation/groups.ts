import { AllocationProblem, NONE, UNKNOWN, choiceCost, moveCostOf } from './allocation-problem';
import type { OtherNode } from './allocation-network';

/**
 * Participants who are interchangeable for the flow (same district, ranking,
 * unavailability, pin and current session), in registration order.
 */
export interface Group {
  members: number[];
  district: number;
  pin: number;
  node: number;
  /** Arc to the i-th of `directSessions(problem, group)` (ranked, current or pinned) is `firstArc + i`. */
  firstArc: number;
  /** Arc into the node for "any other session at the unranked cost" (−1 if none). */
  otherArc: number;
  other: OtherNode | null;
}

/** District, pin, current session, ranking and unavailability of p as one flat string (one char per number). */
function groupKey(problem: AllocationProblem, p: number, codes: number[]): string {
  const d = problem.district[p];
  codes.length = 0;
  codes.push(d & 0xffff, d >>> 16, problem.pin[p] + 3, problem.current[p] + 3);
  for (const s of problem.ranked[p]) codes.push(s + 3);
  codes.push(0xffff);
  for (const s of problem.unavailable[p]) codes.push(s + 3);
  return String.fromCharCode(...codes);
}

/** Groups participants by everything the flow looks at; drops impossible pins. */
export function groupParticipants(problem: AllocationProblem): { groups: Group[]; excluded: number[] } {
  const byKey = new Map<string, Group>();
  const excluded: number[] = [];
  const codes: number[] = [];
  for (let p = 0; p < problem.input.participants.length; p++) {
    const pin = problem.pin[p];
    if (pin === UNKNOWN || (pin !== NONE && problem.unavailable[p].includes(pin))) {
      excluded.push(p);
      continue;
    }
    const key = problem.capacity.length < 0xfff0 ? groupKey(problem, p, codes) : `${problem.district[p]}|${problem.pin[p]}|${problem.current[p]}|${problem.ranked[p]}|${problem.unavailable[p]}`;
    const group = byKey.get(key);
    if (group) group.members.push(p);
    else byKey.set(key, { members: [p], district: problem.district[p], pin, node: -1, firstArc: -1, otherArc: -1, other: null });
  }
  return { groups: [...byKey.values()], excluded };
}

/** Scratch for `groupOptions`: direct sessions and their scaled costs. */
export interface Options {
  sessions: number[];
  costs: number[];
  /** Cost into the "other" node, −1 when no other session is available. */
  otherCost: number;
}

/** Fills `out` with the direct options of a group; returns the largest option cost. */
export function groupOptions(problem: AllocationProblem, group: Group, out: Options): number {
  const p = group.members[0];
  const off = problem.unavailable[p];
  out.sessions.length = out.costs.length = 0;
  out.otherCost = -1;
  const consider = (s: number): void => {
    if (s < 0 || off.includes(s) || out.sessions.includes(s)) return;
    out.sessions.push(s);
    out.costs.push(choiceCost(problem, p, s) + moveCostOf(problem, p, s));
  };
  if (group.pin !== NONE) consider(group.pin);
  else {
    problem.ranked[p].forEach(consider);
    consider(problem.current[p]);
    if (problem.capacity.length - off.length - out.sessions.length > 0) {
      out.otherCost = problem.unrankedCost + (problem.current[p] !== NONE ? problem.moveCost : 0);
    }
  }
  return Math.max(0, out.otherCost, ...out.costs);
}

/** Sessions a group reaches by direct arcs, in arc order. */
export function directSessions(problem: AllocationProblem, group: Group): number[] {
  const options: Options = { sessions: [], costs: [], otherCost: -1 };
  groupOptions(problem, group, options);
  return options.sessions;
}
