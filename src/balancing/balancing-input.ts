import type { AllocationInput, AllocationResult } from './allocation/allocate';
import type { PlacementRow } from './balancing-plan.entity';

/** One active registration as balancing sees it. */
export interface BalancingRegistration extends PlacementRow {
  /** District code (GB/T 2260), the unit of the per-district cap. */
  district: string;
  preferences: number[];
  unavailable: number[];
  pinnedSessionId: number | null;
}

/** The organiser's knobs (the preview form). Costs in the engine's units. */
export interface BalancingPolicy {
  /**
   * Largest share of one district's participants in one session (plan step 二(二): the others
   * stay at their posts); null = no per-district cap (the default: only an organiser sets one).
   */
  maxShare: number | null;
  /** Cost of moving someone already confirmed; higher = fewer moves. */
  moveCost: number;
  /** Cost of a session the person did not rank but can attend. */
  unrankedCost: number;
  /** Weight of evening out session sizes (0 = off). */
  evenness: number;
}

/**
 * Defaults: 1st/2nd/3rd choice cost 0/1/3 (BALANCE-INSTANCES.md); no per-district cap unless the
 * organiser sets one (issue 13, item 4: a silent default cap moved confirmed people).
 */
export const DEFAULT_BALANCING_POLICY: BalancingPolicy = { maxShare: null, moveCost: 2, unrankedCost: 10, evenness: 0 };

/**
 * Builds the engine's input from the run's active registrations, in registration order (so the
 * engine keeps first come, first served among equals). Cancelled sessions get no seats.
 */
export function toAllocationInput(
  registrations: readonly BalancingRegistration[],
  sessions: readonly { id: number; capacity: number; status: string }[],
  policy: BalancingPolicy,
): AllocationInput {
  return {
    participants: [...registrations]
      .sort((a, b) => a.registrationId - b.registrationId)
      .map((r) => ({
        id: r.registrationId,
        district: r.district,
        ranked: r.preferences,
        unavailable: r.unavailable,
        pinnedSession: r.pinnedSessionId ?? undefined,
        currentSession: r.status === 'confirmed' && r.sessionId !== null ? r.sessionId : undefined,
      })),
    sessions: sessions.map((s) => ({ id: s.id, capacity: s.status === 'cancelled' ? 0 : s.capacity })),
    policy: {
      rankCosts: [0, 1, 3],
      unrankedCost: policy.unrankedCost,
      moveCost: policy.moveCost,
      ...(policy.maxShare === null || policy.maxShare === undefined ? {} : { districtShare: { maxShare: policy.maxShare } }),
      evenness: policy.evenness,
    },
  };
}

/** The placements a result proposes, one row per registration, in the order given. */
export function proposedRows(registrations: readonly BalancingRegistration[], result: AllocationResult): PlacementRow[] {
  return registrations.map((r) => {
    const sessionId = result.assignment.get(r.registrationId) ?? null;
    return { registrationId: r.registrationId, participantId: r.participantId, status: sessionId === null ? 'waitlisted' : 'confirmed', sessionId };
  });
}

/** Rows whose placement differs between two plans (same registration ids). */
export function changedRows(before: readonly PlacementRow[], after: readonly PlacementRow[]): { from: PlacementRow; to: PlacementRow }[] {
  const old = new Map(before.map((r) => [r.registrationId, r]));
  return after
    .filter((r) => {
      const b = old.get(r.registrationId);
      return !b || b.status !== r.status || b.sessionId !== r.sessionId;
    })
    .map((to) => ({ from: old.get(to.registrationId)!, to }));
}
