import type { AllocationInput, AllocationPolicy, DistrictCaps, DistrictKey } from './allocation.types';

/** No pin (`pin[p]`) / no current session (`current[p]`). */
export const NONE = -1;
/** A pin to a session id that does not exist. */
export const UNKNOWN = -2;

/**
 * The input checked and indexed: sessions and districts by position, costs scaled to
 * integers (`scale` units per policy unit) so that the flow is exact.
 */
export interface AllocationProblem {
  input: AllocationInput;
  capacity: number[];
  sessionIndex: Map<number, number>;
  districtKeys: DistrictKey[];
  /** District position of each participant. */
  district: Int32Array;
  /** Ranked session positions (UNKNOWN for ids that do not exist). Read-only: may be the input's arrays. */
  ranked: readonly (readonly number[])[];
  /** Unavailable session positions, ascending, unknown ids dropped. Read-only: may be the input's arrays. */
  unavailable: readonly (readonly number[])[];
  pin: Int32Array;
  current: Int32Array;
  /** caps[d][s], Infinity when uncapped. */
  caps: number[][];
  scale: number;
  rankCosts: number[];
  unrankedCost: number;
  moveCost: number;
  evenness: number;
}

const SCALES = [1, 10, 100, 1000, 10000, 100000, 1000000];
const NO_SESSIONS: number[] = [];

/** Known session positions of `ids`, ascending, without duplicates (`ids` itself when it already is that list). */
function sessionPositions(sessionIndex: Map<number, number>, ids: readonly number[], positional: boolean): readonly number[] {
  if (positional && ids.every((id, i) => sessionIndex.has(id) && (i === 0 || ids[i - 1] < id))) return ids;
  const positions: number[] = [];
  for (const id of ids) {
    const s = sessionIndex.get(id);
    if (s === undefined) continue;
    let i = positions.length;
    while (i > 0 && positions[i - 1] > s) i--;
    if (positions[i - 1] !== s) positions.splice(i, 0, s);
  }
  return positions;
}

/** Smallest power of ten turning every policy number into an integer. */
function costScale(policy: AllocationPolicy): number {
  const values = [...policy.rankCosts, policy.unrankedCost, policy.moveCost, policy.evenness ?? 0];
  for (const value of values) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`policy costs must be finite and ≥ 0, got ${value}`);
  }
  const scale = SCALES.find((k) => values.every((v) => Math.abs(v * k - Math.round(v * k)) < 1e-9 * Math.max(1, v * k)));
  if (scale === undefined) throw new RangeError('policy costs may have at most 6 decimals');
  return scale;
}

function explicitCap(caps: DistrictCaps | undefined, district: DistrictKey, sessionId: number): number | undefined {
  if (!caps) return undefined;
  if (caps instanceof Map) return caps.get(district)?.get(sessionId);
  return (caps as Record<string, Record<number, number>>)[String(district)]?.[sessionId];
}

function districtCaps(input: AllocationInput, districtKeys: DistrictKey[], size: number[]): number[][] {
  const share = input.policy.districtShare;
  if (share?.maxShare !== undefined && !(share.maxShare > 0 && share.maxShare <= 1)) {
    throw new RangeError(`districtShare.maxShare must be in (0, 1], got ${share.maxShare}`);
  }
  return districtKeys.map((key, d) =>
    input.sessions.map((session) => {
      let cap = Infinity;
      const explicit = explicitCap(share?.explicitCaps, key, session.id);
      if (explicit !== undefined) cap = Math.max(0, Math.floor(explicit));
      if (share?.maxShare !== undefined) cap = Math.min(cap, Math.max(1, Math.floor(share.maxShare * size[d] + 1e-9)));
      return cap;
    }),
  );
}

/**
 * Checks and indexes the input. Throws RangeError on malformed input: duplicate ids,
 * capacities that are not integers ≥ 0, negative or over-precise costs, a rank cost above
 * `unrankedCost`, more ranked choices than `rankCosts`.
 */
export function buildProblem(input: AllocationInput): AllocationProblem {
  const { participants, sessions, policy } = input;
  const sessionIndex = new Map<number, number>();
  sessions.forEach((session, s) => {
    if (sessionIndex.has(session.id)) throw new RangeError(`duplicate session id ${session.id}`);
    if (!Number.isInteger(session.capacity) || session.capacity < 0) {
      throw new RangeError(`session ${session.id}: capacity must be an integer ≥ 0`);
    }
    sessionIndex.set(session.id, s);
  });
  const scale = costScale(policy);
  if (policy.rankCosts.some((c) => c > policy.unrankedCost)) throw new RangeError('a rank cost exceeds unrankedCost');
  const districtIndex = new Map<DistrictKey, number>();
  const districtKeys: DistrictKey[] = [];
  const size: number[] = [];
  const seen = new Set<number>();
  const n = participants.length;
  const district = new Int32Array(n);
  const pin = new Int32Array(n).fill(NONE);
  const current = new Int32Array(n).fill(NONE);
  const ranked: (readonly number[])[] = [];
  const unavailable: (readonly number[])[] = [];
  // Session ids that equal their positions (as in the standard instances) let us keep the input's arrays.
  const positional = sessions.every((session, s) => session.id === s);
  participants.forEach((person, p) => {
    if (seen.has(person.id)) throw new RangeError(`duplicate participant id ${person.id}`);
    seen.add(person.id);
    if (person.ranked.length > policy.rankCosts.length) {
      throw new RangeError(`participant ${person.id}: more ranked choices than rankCosts`);
    }
    let d = districtIndex.get(person.district);
    if (d === undefined) {
      d = districtKeys.length;
      districtIndex.set(person.district, d);
      districtKeys.push(person.district);
      size.push(0);
    }
    district[p] = d;
    size[d]++;
    ranked.push(positional && person.ranked.every((id) => sessionIndex.has(id)) ? person.ranked : person.ranked.map((id) => sessionIndex.get(id) ?? UNKNOWN));
    unavailable.push(person.unavailable.length === 0 ? NO_SESSIONS : sessionPositions(sessionIndex, person.unavailable, positional));
    if (person.pinnedSession !== undefined) pin[p] = sessionIndex.get(person.pinnedSession) ?? UNKNOWN;
    if (person.currentSession !== undefined && policy.moveCost > 0) {
      current[p] = sessionIndex.get(person.currentSession) ?? UNKNOWN; // gone: any placement is a move
    }
  });
  return {
    input,
    capacity: sessions.map((s) => s.capacity),
    sessionIndex,
    districtKeys,
    district,
    ranked,
    unavailable,
    pin,
    current,
    caps: districtCaps(input, districtKeys, size),
    scale,
    rankCosts: policy.rankCosts.map((c) => Math.round(c * scale)),
    unrankedCost: Math.round(policy.unrankedCost * scale),
    moveCost: Math.round(policy.moveCost * scale),
    evenness: Math.round((policy.evenness ?? 0) * scale),
  };
}

/** Position of session s in p's ranking (0-based), −1 when unranked. */
export function rankOf(problem: AllocationProblem, p: number, s: number): number {
  return problem.ranked[p].indexOf(s);
}

/** Scaled choice cost (rank or unranked) of placing p in s; s must be available to p. */
export function choiceCost(problem: AllocationProblem, p: number, s: number): number {
  const rank = rankOf(problem, p, s);
  return rank >= 0 ? problem.rankCosts[rank] : problem.unrankedCost;
}

/** Scaled move cost of placing p in s. */
export function moveCostOf(problem: AllocationProblem, p: number, s: number): number {
  const current = problem.current[p];
  return current !== NONE && current !== s ? problem.moveCost : 0;
}

/** Evenness targets t_s = round(min(P, ΣC) · C_s / ΣC). */
export function evennessTargets(problem: AllocationProblem): number[] {
  const total = problem.capacity.reduce((a, b) => a + b, 0);
  const people = Math.min(problem.input.participants.length, total);
  return problem.capacity.map((c) => (total === 0 ? 0 : Math.round((people * c) / total)));
}
