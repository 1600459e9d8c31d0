import { AllocationProblem, choiceCost, moveCostOf, rankOf } from './allocation-problem';
import type { AllocationNetwork, OtherNode } from './allocation-network';
import { Group, directSessions } from './groups';
import { FlowNetwork, INFINITE_CAPACITY, solveMinCostFlow } from './min-cost-flow';

/** Session position per participant after disaggregation; −1 = unplaced. */
export type Placement = Int32Array;

/** Unranked seats per group (session → count), or the groups that need an exact node. */
export type UnrankedSplit = { ok: true; shares: Map<Group, Map<number, number>> } | { ok: false; dedicate: Group[] };

/**
 * Hands the flow of each unranked node to its groups. For a relaxed node the hand-out
 * must respect every group's unavailability: a small bipartite flow decides it; when it is
 * impossible the groups with unavailability that used the node are returned, to get an
 * exact node in the next solve (the relaxed optimum was then not feasible).
 */
export function splitUnranked(problem: AllocationProblem, net: AllocationNetwork): UnrankedSplit {
  const shares = new Map<Group, Map<number, number>>();
  const dedicate: Group[] = [];
  const seen = new Set<OtherNode>();
  for (const { other } of net.groups) {
    if (!other || seen.has(other)) continue;
    seen.add(other);
    const users = other.groups.filter((g) => net.network.flow(g.otherArc) > 0);
    const exits = other.exits.filter((e) => net.network.flow(e.arc) > 0);
    const picky = other.relaxed && users.some((g) => problem.unavailable[g.members[0]].length > 0);
    const split = picky ? bipartiteSplit(problem, net, users, exits) : sequentialSplit(net, users, exits);
    if (split) split.forEach((counts, group) => shares.set(group, counts));
    else dedicate.push(...users.filter((g) => problem.unavailable[g.members[0]].length > 0));
  }
  return dedicate.length ? { ok: false, dedicate } : { ok: true, shares };
}

type Exit = OtherNode['exits'][number];

function sequentialSplit(net: AllocationNetwork, users: Group[], exits: Exit[]): Map<Group, Map<number, number>> {
  const shares = new Map<Group, Map<number, number>>();
  const left = exits.map((e) => net.network.flow(e.arc));
  let e = 0;
  for (const group of users) {
    const counts = new Map<number, number>();
    for (let need = net.network.flow(group.otherArc); need > 0; ) {
      while (left[e] === 0) e++;
      const take = Math.min(need, left[e]);
      counts.set(exits[e].session, take);
      left[e] -= take;
      need -= take;
    }
    shares.set(group, counts);
  }
  return shares;
}

function bipartiteSplit(problem: AllocationProblem, net: AllocationNetwork, users: Group[], exits: Exit[]): Map<Group, Map<number, number>> | null {
  const bip = new FlowNetwork();
  const exitNodes = exits.map((e) => bip.addNode(-net.network.flow(e.arc)));
  let total = 0;
  const arcs = users.map((group) => {
    const amount = net.network.flow(group.otherArc);
    total += amount;
    const node = bip.addNode(amount);
    const off = problem.unavailable[group.members[0]];
    return exits.map((e, k) => (off.includes(e.session) ? -1 : bip.addArc(node, exitNodes[k], INFINITE_CAPACITY, 0)));
  });
  if (solveMinCostFlow(bip).routed < total) return null;
  const shares = new Map<Group, Map<number, number>>();
  users.forEach((group, i) => {
    const counts = new Map<number, number>();
    arcs[i].forEach((arc, k) => arc >= 0 && bip.flow(arc) > 0 && counts.set(exits[k].session, bip.flow(arc)));
    shares.set(group, counts);
  });
  return shares;
}

/**
 * Turns group flows back into people, deterministically: inside a group the earlier
 * registrant gets the cheaper session (first come, first served among equals).
 */
export function disaggregate(problem: AllocationProblem, net: AllocationNetwork, shares: Map<Group, Map<number, number>>): Placement {
  const placement = new Int32Array(problem.input.participants.length).fill(-1);
  const seats: { session: number; amount: number; rank: number }[] = [];
  for (const group of net.groups) {
    const p = group.members[0];
    seats.length = 0;
    const add = (session: number, amount: number): void => {
      if (session >= 0 && amount > 0) seats.push({ session, amount, rank: preference(problem, p, session) });
    };
    directSessions(problem, group).forEach((session, i) => add(session, net.network.flow(group.firstArc + i)));
    shares.get(group)?.forEach((amount, session) => add(session, amount));
    if (seats.length > 1) seats.sort((a, b) => a.rank - b.rank || a.session - b.session);
    let next = 0;
    for (const { session, amount } of seats) {
      for (let k = 0; k < amount; k++) placement[group.members[next++]] = session;
    }
  }
  return placement;
}

/** Smaller is better for p: cost first, then rank position. */
function preference(problem: AllocationProblem, p: number, s: number): number {
  const rank = rankOf(problem, p, s);
  return (choiceCost(problem, p, s) + moveCostOf(problem, p, s)) * 1024 + (rank < 0 ? 1000 : rank);
}
