import { NONE, buildProblem } from './allocation-problem';
import { assignmentCost } from './allocate';
import type { AllocationCost, AllocationInput, AllocationParticipant, AllocationPolicy } from './allocation.types';

/**
 * The standard balancing instances of /work/shared/bench/BALANCE-INSTANCES.md, reimplemented
 * draw for draw so figures compare with other solvers on exactly the same work.
 */

/** mulberry32 PRNG: a function returning the next draw in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Instance size: participants P, sessions S, districts D. */
export interface InstanceSize {
  participants: number;
  sessions: number;
  districts: number;
}

/** The three named sizes and their known optimum total cost for seed 1. */
export const STANDARD_SIZES = {
  small: { participants: 250, sessions: 3, districts: 16, optimum: 40 },
  medium: { participants: 5000, sessions: 30, districts: 50, optimum: 3908 },
  large: { participants: 40000, sessions: 150, districts: 310, optimum: 21624 },
} as const;

/** Costs of step 6: choices 0/1/3, unranked 10, no move cost. */
export const STANDARD_POLICY: Omit<AllocationPolicy, 'districtShare'> = { rankCosts: [0, 1, 3], unrankedCost: 10, moveCost: 0 };

/** Picks one session by the weighted walk of step 4; zeroes the chosen weight. */
function drawChoice(w: number[], next: () => number): number {
  const S = w.length;
  const x0 = next() * w.reduce((a, b) => a + b, 0);
  let x = x0;
  let chosen = -1;
  for (let s = 0; s < S - 1; s++) {
    if (w[s] > 0 && x < w[s]) {
      chosen = s;
      break;
    }
    x -= w[s];
  }
  if (chosen < 0) {
    chosen = S - 1;
    while (w[chosen] === 0 && chosen > 0) chosen--;
  }
  w[chosen] = 0;
  return chosen;
}

/** Capacities of step 1. */
function capacities(P: number, S: number, next: () => number): number[] {
  const totalCap = Math.round(1.05 * P);
  const w = Array.from({ length: S }, () => 0.5 + next());
  const sumW = w.reduce((a, b) => a + b, 0);
  const C = w.map((ws) => Math.floor((totalCap * ws) / sumW));
  for (let s = 0, sum = C.reduce((a, b) => a + b, 0); sum < totalCap; s = (s + 1) % S, sum++) C[s]++;
  return C;
}

/** A participant's district, then ranked choices and unavailability (step 4, in draw order). */
export function drawParticipant(id: number, v: number[], aff: number[][], next: () => number): AllocationParticipant {
  const sumV = v.reduce((a, b) => a + b, 0);
  const u = next();
  let d = v.length - 1;
  for (let i = 0, acc = 0; i < v.length; i++) {
    acc += v[i];
    if (u < acc / sumV) {
      d = i;
      break;
    }
  }
  return { id, district: d, ...drawPreferences(aff[d], next) };
}

/** Ranked choices weighted by `affinity` and unavailability, as in step 4 after the district draw. */
export function drawPreferences(affinity: number[], next: () => number): { ranked: number[]; unavailable: number[] } {
  const r = next();
  const k = r < 0.1 ? 1 : r < 0.3 ? 2 : 3;
  const w = [...affinity];
  const ranked: number[] = [];
  for (let j = 0; j < Math.min(k, w.length); j++) ranked.push(drawChoice(w, next));
  const unavailable: number[] = [];
  if (next() < 0.2) {
    for (let s = 0; s < w.length; s++) if (!ranked.includes(s) && next() < 0.3) unavailable.push(s);
  }
  return { ranked, unavailable };
}

/** Session popularity/position (step 2) and district weight/position (step 3). */
export function drawAffinities(S: number, D: number, next: () => number): { v: number[]; aff: number[][] } {
  const q: number[] = [];
  const b: number[] = [];
  for (let s = 0; s < S; s++) {
    q.push(0.25 + next());
    b.push(next());
  }
  const v: number[] = [];
  const aff: number[][] = [];
  for (let d = 0; d < D; d++) {
    v.push(1 + 4 * next());
    const a = next();
    aff.push(q.map((qs, s) => qs * Math.exp(-3 * Math.abs(a - b[s]))));
  }
  return { v, aff };
}

/**
 * Generates a standard instance (BALANCE-INSTANCES.md steps 1–6). Ids are positions:
 * participant p (registration order), session s, district d. Explicit district caps
 * cap[d][s] = ceil(n_d · C_s / totalCap) + 1.
 */
export function standardInstance(size: InstanceSize, seed: number): AllocationInput {
  const { participants: P, sessions: S, districts: D } = size;
  const next = mulberry32(seed);
  const C = capacities(P, S, next);
  const { v, aff } = drawAffinities(S, D, next);
  const participants = Array.from({ length: P }, (_, p) => drawParticipant(p, v, aff, next));
  const n = new Array<number>(D).fill(0);
  for (const person of participants) n[person.district as number]++;
  const totalCap = C.reduce((a, b) => a + b, 0);
  const explicitCaps = new Map(n.map((nd, d) => [d, new Map(C.map((cs, s) => [s, Math.ceil((nd * cs) / totalCap) + 1]))]));
  return {
    participants,
    sessions: C.map((capacity, id) => ({ id, capacity })),
    policy: { ...STANDARD_POLICY, districtShare: { explicitCaps } },
  };
}

/** Outcome of `greedyFcfs`. */
export interface GreedyResult {
  assignment: Map<number, number | null>;
  unplaced: number[];
  cost: AllocationCost;
}

/**
 * First-come-first-served baseline of BALANCE-INSTANCES.md: in registration order each
 * takes the best ranked session with room in both the session and the district cap, else
 * the available session (with room in both) with the most seats left, lowest index on ties,
 * else stays unplaced. A pinned person only considers the pin.
 */
export function greedyFcfs(input: AllocationInput): GreedyResult {
  const problem = buildProblem(input);
  const S = input.sessions.length;
  const left = [...problem.capacity];
  const capLeft = problem.caps.map((row) => [...row]);
  const assignment = new Map<number, number | null>();
  const unplaced: number[] = [];
  input.participants.forEach((person, p) => {
    const d = problem.district[p];
    const fits = (s: number): boolean => s >= 0 && left[s] > 0 && capLeft[d][s] > 0 && !problem.unavailable[p].includes(s);
    const pin = problem.pin[p];
    let chosen = pin !== NONE ? (fits(pin) ? pin : -1) : (problem.ranked[p].find(fits) ?? -1);
    if (chosen < 0 && pin === NONE) {
      for (let s = 0; s < S; s++) if (fits(s) && (chosen < 0 || left[s] > left[chosen])) chosen = s;
    }
    if (chosen < 0) {
      assignment.set(person.id, null);
      unplaced.push(person.id);
      return;
    }
    left[chosen]--;
    capLeft[d][chosen]--;
    assignment.set(person.id, input.sessions[chosen].id);
  });
  return { assignment, unplaced, cost: assignmentCost(input, assignment) };
}
