import type { AllocationInput, AllocationResult, DistrictCaps, DistrictKey } from '../allocation.types';

/**
 * An independent reference for tests and the benchmark: the allocation problem written as
 * a linear program (CPLEX LP format) for HiGHS, one variable per (person, allowed session).
 * The constraint matrix is a network matrix, so the LP optimum is integral. The
 * lexicographic objective (pins, then unplaced, then cost) is folded into one objective with
 * big weights computed here from the input alone. Pure: the caller passes the solver.
 */

/** The part of the `highs` npm module used here. */
export interface HighsLike {
  solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> };
}

/** Weights of the folded objective: W_pin · unplaced pinned + W · unplaced + cost. */
export interface LpWeights {
  unplaced: number;
  unplacedPinned: number;
}

/** Reference optimum: the folded objective, its unplaced count and the time HiGHS took. */
export interface LpOptimum {
  objective: number;
  unplaced: number;
  millis: number;
}

/** Explicit cap of (district, session) as given (raw), undefined when absent. */
export function capOf(caps: DistrictCaps | undefined, district: DistrictKey, sessionId: number): number | undefined {
  if (!caps) return undefined;
  if (caps instanceof Map) return caps.get(district)?.get(sessionId);
  return (caps as Record<string, Record<number, number>>)[String(district)]?.[sessionId];
}

/** Per-person cost of each allowed session (by session position), straight from the policy text. */
export function allowedCosts(input: AllocationInput): Map<number, number>[] {
  const { participants, sessions, policy } = input;
  const known = new Set(sessions.map((s) => s.id));
  return participants.map((p) => {
    const options = new Map<number, number>();
    if (p.pinnedSession !== undefined && !known.has(p.pinnedSession)) return options;
    sessions.forEach((session, s) => {
      if (p.unavailable.includes(session.id)) return;
      if (p.pinnedSession !== undefined && p.pinnedSession !== session.id) return;
      const rank = p.ranked.indexOf(session.id);
      const moved = p.currentSession !== undefined && policy.moveCost > 0 && p.currentSession !== session.id;
      options.set(s, (rank >= 0 ? policy.rankCosts[rank] : policy.unrankedCost) + (moved ? policy.moveCost : 0));
    });
    return options;
  });
}

/** Evenness targets t_s = round(min(P, ΣC) · C_s / ΣC), as documented on `AllocationPolicy.evenness`. */
export function targets(input: AllocationInput): number[] {
  const total = input.sessions.reduce((a, s) => a + s.capacity, 0);
  const people = Math.min(input.participants.length, total);
  return input.sessions.map((s) => (total === 0 ? 0 : Math.round((people * s.capacity) / total)));
}

/** Weights that make the folded objective lexicographic for this input. */
export function lpWeights(input: AllocationInput): LpWeights {
  const w = input.policy.evenness ?? 0;
  const t = targets(input);
  const evenRange = input.sessions.reduce((sum, s, i) => sum + w * Math.max(t[i] ** 2, (s.capacity - t[i]) ** 2), 0);
  const placements = allowedCosts(input).reduce((sum, options) => sum + Math.max(0, ...options.values()), 0);
  const unplaced = Math.ceil(placements + evenRange) + 1;
  return { unplaced, unplacedPinned: unplaced * (input.participants.length + 1) };
}

/** The folded objective of a result of `allocate`, comparable with `LpOptimum.objective`. */
export function foldedObjective(input: AllocationInput, result: AllocationResult): number {
  const weights = lpWeights(input);
  const pinned = new Set(input.participants.filter((p) => p.pinnedSession !== undefined).map((p) => p.id));
  const unplacedPinned = result.unplaced.filter((id) => pinned.has(id)).length;
  return weights.unplacedPinned * unplacedPinned + weights.unplaced * (result.unplaced.length - unplacedPinned) + result.cost.total;
}

/** Signed LP term, "" when the coefficient is 0. */
function term(coefficient: number, name: string): string {
  return coefficient === 0 ? '' : ` ${coefficient < 0 ? '-' : '+'} ${Math.abs(coefficient)} ${name}`;
}

/** `label: a + b + … <sense> rhs` over several lines (long rows stay readable for the parser). */
function row(label: string, names: string[], tail: string): string[] {
  const lines = [` ${label}:`];
  for (let i = 0; i < names.length; i += 50) lines.push(`  ${i === 0 ? '' : '+ '}${names.slice(i, i + 50).join(' + ')}`);
  lines.push(`  ${tail}`);
  return lines;
}

/** CPLEX LP text of the problem; also returns the constant to add to HiGHS's objective. */
export function allocationLp(input: AllocationInput): { lp: string; constant: number } {
  const { participants, sessions, policy } = input;
  const weights = lpWeights(input);
  const costs = allowedCosts(input);
  const objective: string[] = ['Minimize', ' obj: 0 zero'];
  const rows: string[] = ['Subject To'];
  const sessionPeople: number[][] = sessions.map(() => []);
  const districtPeople = new Map<string, { district: DistrictKey; s: number; people: number[] }>();
  participants.forEach((p, i) => {
    const line = [term(p.pinnedSession !== undefined ? weights.unplacedPinned : weights.unplaced, `u${i}`)];
    costs[i].forEach((cost, s) => {
      line.push(term(cost, `x${i}_${s}`));
      sessionPeople[s].push(i);
      const key = `${String(p.district)}|${s}`;
      const entry = districtPeople.get(key) ?? { district: p.district, s, people: [] };
      entry.people.push(i);
      districtPeople.set(key, entry);
    });
    objective.push(` ${line.join('')}`);
    rows.push(` p${i}: u${i}${[...costs[i].keys()].map((s) => ` + x${i}_${s}`).join('')} = 1`);
  });
  const w = policy.evenness ?? 0;
  const t = targets(input);
  let constant = 0;
  sessions.forEach((session, s) => {
    constant += w * t[s] ** 2;
    if (sessionPeople[s].length === 0) return;
    const xs = sessionPeople[s].map((i) => `x${i}_${s}`);
    if (w === 0) return void rows.push(...row(`c${s}`, xs, `<= ${session.capacity}`));
    const units = Array.from({ length: session.capacity }, (_, k) => `y${s}_${k}`);
    units.forEach((y, k) => objective.push(` ${term(w * (2 * k + 1 - 2 * t[s]), y)}`));
    rows.push(...row(`c${s}`, xs, `${units.map((y) => `- ${y}`).join(' ')} = 0`));
  });
  const sizes = new Map<DistrictKey, number>();
  for (const p of participants) sizes.set(p.district, (sizes.get(p.district) ?? 0) + 1);
  let r = 0;
  for (const { district, s, people } of districtPeople.values()) {
    let cap = capOf(policy.districtShare?.explicitCaps, district, sessions[s].id) ?? Infinity;
    const share = policy.districtShare?.maxShare;
    if (share !== undefined) cap = Math.min(cap, Math.max(1, Math.floor(share * sizes.get(district)! + 1e-9)));
    if (cap < people.length) rows.push(...row(`d${r++}`, people.map((i) => `x${i}_${s}`), `<= ${Math.max(0, Math.floor(cap))}`));
  }
  const bounds = w === 0 ? [] : sessions.flatMap((session, s) => Array.from({ length: session.capacity }, (_, k) => ` y${s}_${k} <= 1`));
  return { lp: [...objective, ...rows, 'Bounds', ...bounds, 'End'].join('\n'), constant };
}

/** Objective with nobody to place: only the evenness penalty of empty sessions. */
function foldedEmpty(input: AllocationInput): number {
  const w = input.policy.evenness ?? 0;
  return targets(input).reduce((sum, t) => sum + w * t * t, 0);
}

/** Solves the LP with HiGHS; throws unless HiGHS reports an optimum. */
export function solveReference(highs: HighsLike, input: AllocationInput): LpOptimum {
  if (input.participants.length === 0) return { objective: foldedEmpty(input), unplaced: 0, millis: 0 };
  const { lp, constant } = allocationLp(input);
  const started = performance.now();
  const solution = highs.solve(lp);
  const millis = performance.now() - started;
  if (solution.Status !== 'Optimal') throw new Error(`HiGHS: ${solution.Status}`);
  const unplaced = input.participants.reduce((sum, _, i) => sum + (solution.Columns[`u${i}`]?.Primal ?? 0), 0);
  return { objective: solution.ObjectiveValue + constant, unplaced: Math.round(unplaced), millis };
}
