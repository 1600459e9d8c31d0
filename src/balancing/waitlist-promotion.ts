import { allocate, AllocationInput, AllocationResult } from './allocation/allocate';

/** A waiting registration, in queue order (first in first). */
export interface WaitingEntry {
  id: number;
  /** Ranked session ids; a waitlisted person waits only for these. */
  ranked: readonly number[];
}

const RANK_COSTS = [0, 1, 3];

function solve(waiting: readonly WaitingEntry[], seats: ReadonlyMap<number, number>, pins: ReadonlyMap<number, number>): AllocationResult {
  const sessionIds = [...seats.keys()];
  const input: AllocationInput = {
    participants: waiting.map((w) => ({
      id: w.id,
      district: 0,
      ranked: w.ranked.filter((s) => seats.has(s)),
      unavailable: sessionIds.filter((s) => !w.ranked.includes(s)),
      pinnedSession: pins.get(w.id),
    })),
    sessions: sessionIds.map((id) => ({ id, capacity: seats.get(id)! })),
    policy: { rankCosts: RANK_COSTS, unrankedCost: RANK_COSTS[RANK_COSTS.length - 1], moveCost: 0 },
  };
  return allocate(input);
}

const placed = (r: AllocationResult) => r.assignment.size - r.unplaced.length;
// People dropped from later solves were unplaced in every optimal plan, so compare the number placed.
const same = (a: AllocationResult, b: AllocationResult) => placed(a) === placed(b) && Math.abs(a.cost.total - b.cost.total) < 1e-9;

/**
 * Decides who on the run's single waitlist is promoted into which free seats (issue 4, one
 * waitlist across sessions): first as many people as possible, then the best ranked choices
 * overall (the allocation engine's optimum), and among plans that are equally good, first in
 * first out — each person in queue order takes their best session that still leaves an optimal
 * plan for everyone after them. A person waits only for sessions they ranked.
 * @param waiting in queue order.
 * @param freeSeats session id → free seats (> 0).
 * @returns registration id → session id, for those promoted.
 */
export function choosePromotions(waiting: readonly WaitingEntry[], freeSeats: ReadonlyMap<number, number>): Map<number, number> {
  const seats = new Map([...freeSeats].filter(([, n]) => n > 0));
  const candidates = waiting.filter((w) => w.ranked.some((s) => seats.has(s)));
  if (seats.size === 0 || candidates.length === 0) return new Map();
  const best = solve(candidates, seats, new Map());
  const pins = new Map<number, number>();
  let remaining = [...candidates];
  for (const person of candidates) {
    const pinned = person.ranked.find((s) => {
      if (!seats.has(s)) return false;
      const trial = solve(remaining, seats, new Map([...pins, [person.id, s]]));
      return trial.conflicts.length === 0 && same(trial, best);
    });
    if (pinned !== undefined) pins.set(person.id, pinned);
    else remaining = remaining.filter((w) => w.id !== person.id);
  }
  return pins;
}
