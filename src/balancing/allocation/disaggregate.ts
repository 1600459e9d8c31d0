import { AllocationProblem, choiceCost, moveCostOf, rankOf } from './allocation-problem';
import type { AllocationNetwork, Group } from './allocation-network';

/** Session position per participant after disaggregation; −1 = unplaced. */
export type Placement = Int32Array;

/**
 * Turns group flows back into people, deterministically: the unranked flow of a shared
 * node is handed to its groups in registration order, and inside a group the earlier
 * registrant gets the cheaper session (first come, first served among equals).
 */
export function disaggregate(problem: AllocationProblem, net: AllocationNetwork): Placement {
  const placement = new Int32Array(problem.input.participants.length).fill(-1);
  const received = new Map<Group, Map<number, number>>();
  const add = (group: Group, session: number, amount: number): void => {
    if (amount <= 0) return;
    let counts = received.get(group);
    if (!counts) received.set(group, (counts = new Map()));
    counts.set(session, (counts.get(session) ?? 0) + amount);
  };
  const { network } = net;
  const sharedDone = new Set<unknown>();
  for (const group of net.groups) {
    for (const { session, arc } of group.direct) add(group, session, network.flow(arc));
    const other = group.other;
    if (!other || sharedDone.has(other)) continue;
    sharedDone.add(other);
    const exits = other.exits.map(({ session, arc }) => ({ session, left: network.flow(arc) }));
    let e = 0;
    for (const member of other.groups) {
      let need = network.flow(member.otherArc);
      while (need > 0) {
        while (exits[e].left === 0) e++;
        const take = Math.min(need, exits[e].left);
        add(member, exits[e].session, take);
        exits[e].left -= take;
        need -= take;
      }
    }
  }
  for (const group of net.groups) {
    const counts = received.get(group);
    if (!counts) continue;
    const p = group.members[0];
    const order = [...counts.keys()].sort((a, b) => preference(problem, p, a) - preference(problem, p, b) || a - b);
    let next = 0;
    for (const session of order) {
      for (let k = counts.get(session)!; k > 0; k--) placement[group.members[next++]] = session;
    }
  }
  return placement;
}

/** Smaller is better for p: cost first, then rank position. */
function preference(problem: AllocationProblem, p: number, s: number): number {
  const rank = rankOf(problem, p, s);
  return (choiceCost(problem, p, s) + moveCostOf(problem, p, s)) * 1024 + (rank < 0 ? 1000 : rank);
}
