/**
 * Shapes of the pure allocation engine: who goes to which training session (期) of the
 * judicial-office director training run (plan step 二(二): three sessions, venue capacity,
 * each person's availability, each district keeping part of its directors at their posts).
 * No Nest or TypeORM types here: data in, decision out.
 */

/** A district as the roster names it: a GB/T 2260 code ("310101") or any stable key. */
export type DistrictKey = number | string;

/** One person to place. Session ids refer to `AllocationSession.id`. */
export interface AllocationParticipant {
  id: number;
  district: DistrictKey;
  /** Ranked choice of sessions, best first; at most `policy.rankCosts.length` entries. */
  ranked: readonly number[];
  /** Sessions the person cannot attend (hard). A ranked session listed here counts as unavailable. */
  unavailable: readonly number[];
  /** Organiser's decision: this session or nobody's seat (hard; see `AllocationConflict`). */
  pinnedSession?: number;
  /** Where a previous plan put the person; moving away costs `policy.moveCost`. */
  currentSession?: number;
}

/** One training session; `capacity` = seats of the venue (integer ≥ 0). */
export interface AllocationSession {
  id: number;
  capacity: number;
}

/** district → session id → maximum number of that district's participants in that session. */
export type DistrictCaps =
  | ReadonlyMap<DistrictKey, ReadonlyMap<number, number>>
  | Readonly<Record<string, Readonly<Record<number, number>>>>;

/**
 * Per-district cap per session: each district keeps part of its directors at their posts.
 * When both are given the smaller cap applies.
 */
export interface DistrictSharePolicy {
  /** Fraction in (0, 1]: cap = max(1, floor(maxShare · n_d)), n_d = the district's participants. */
  maxShare?: number;
  /** Explicit caps (e.g. BALANCE-INSTANCES.md step 5); missing entries mean "no explicit cap". */
  explicitCaps?: DistrictCaps;
}

/**
 * What a placement costs (all ≥ 0, at most 6 decimals; exact for such numbers).
 * The objective is lexicographic: 1. most pins honoured, 2. fewest unplaced, 3. least total cost.
 */
export interface AllocationPolicy {
  /** Cost of the 1st, 2nd, 3rd … choice, e.g. [0, 1, 3]; each must be ≤ `unrankedCost`. */
  rankCosts: readonly number[];
  /** Cost of any available session the person did not rank, e.g. 10. */
  unrankedCost: number;
  /** Added when a person with `currentSession` ends up elsewhere; 0 ignores current placements. */
  moveCost: number;
  districtShare?: DistrictSharePolicy;
  /**
   * Weight w of the convex penalty w · Σ_s (load_s − t_s)², t_s = round(min(P, ΣC) · C_s / ΣC)
   * (the load proportional to capacity). 0 or absent = off.
   */
  evenness?: number;
}

/** Everything `allocate` needs. */
export interface AllocationInput {
  participants: readonly AllocationParticipant[];
  sessions: readonly AllocationSession[];
  policy: AllocationPolicy;
}

/** Why a placement is what it is; `text` is English, the codes are for the UI to translate. */
export type PlacementCode =
  | 'PINNED'
  | 'FIRST_CHOICE'
  | 'SECOND_CHOICE'
  | 'THIRD_CHOICE'
  | 'LOWER_CHOICE'
  | 'UNRANKED'
  | 'UNPLACED'
  | 'PIN_CONFLICT';

/** Why a (better) session was not given. `COST_TRADE_OFF`: room was left, but using it costs more overall (moves, evenness). */
export type ReasonCode = 'UNKNOWN_SESSION' | 'UNAVAILABLE' | 'SESSION_FULL' | 'DISTRICT_CAP_REACHED' | 'COST_TRADE_OFF';

/** One session that was not given, and why. */
export interface PlacementReason {
  sessionId: number;
  code: ReasonCode;
}

/** Per-person explanation: `rank` is 1-based when the session was ranked, else null. */
export interface PlacementExplanation {
  code: PlacementCode;
  sessionId: number | null;
  rank: number | null;
  /** For each better-ranked session (or every session when unplaced), why not there. */
  reasons: PlacementReason[];
  text: string;
}

/** Kinds of pin that cannot be honoured: unknown session, unavailable, over capacity, over a district cap. */
export type ConflictCode = 'PIN_UNKNOWN_SESSION' | 'PIN_UNAVAILABLE' | 'PIN_OVER_CAPACITY' | 'PIN_OVER_DISTRICT_CAP';

/**
 * A pin that cannot be honoured. `participantIds`: everyone pinned under the broken
 * constraint; `unplacedIds`: those the plan leaves unplaced (never placed elsewhere).
 */
export interface AllocationConflict {
  code: ConflictCode;
  sessionId: number;
  district?: DistrictKey;
  /** The capacity or district cap that is exceeded (absent for unknown/unavailable). */
  limit?: number;
  participantIds: number[];
  unplacedIds: number[];
}

/** Cost in policy units; `total = choice + moves + evenness`. */
export interface AllocationCost {
  total: number;
  choice: number;
  moves: number;
  evenness: number;
}

/** The plan: a full assignment (null = unplaced) plus what it costs and why. */
export interface AllocationResult {
  /** Participant id → session id, or null when unplaced; in input order. */
  assignment: Map<number, number | null>;
  /** Unplaced participant ids, in input (registration) order. */
  unplaced: number[];
  /** Number of people per session, in the order of `input.sessions`. */
  sessionLoads: number[];
  cost: AllocationCost;
  /** Participant id → why they are where they are. */
  explanations: Map<number, PlacementExplanation>;
  /** Infeasibility report for pins; empty when every pin is honoured. */
  conflicts: AllocationConflict[];
}
