import { AllocationProblem, NONE, evennessTargets } from './allocation-problem';
import { FlowNetwork, INFINITE_CAPACITY } from './flow-network';
import { Group, Options, groupOptions, groupParticipants } from './groups';


/**
 * Node for unranked placements. Relaxed: one per district, exits to every session, so its
 * flow must afterwards be handed out without an unavailable session (`splitUnranked`).
 * Exact: one group's own node, exits only to the sessions it can attend. Either also has
 * an exit to the sink for the unplaced (session −1).
 */
export interface OtherNode {
  node: number;
  relaxed: boolean;
  exits: { session: number; arc: number }[];
  groups: Group[];
}

/** The compact network: group (supply = size) → (district, session) → session → sink. */
export interface AllocationNetwork {
  network: FlowNetwork;
  sink: number;
  groups: Group[];
  /** Participants left out of the flow: pinned to an unknown or unavailable session. */
  excluded: number[];
  sessionNodes: number[];
  /** (district · S + session) → node, −1 until needed. */
  dsNodes: Int32Array;
  /** (district · S + session) → arc relaxed node → session carrying the cap while no node exists, else −1. */
  mergedArcs: Int32Array;
  /** Cost of leaving one unpinned person unplaced: above any placement total. */
  unplacedCost: number;
}

/** Integer costs of the session → sink unit arcs (convex evenness penalty), shifted to be ≥ 0. */
function evennessArcCosts(problem: AllocationProblem): number[][] {
  const w = problem.evenness;
  const targets = evennessTargets(problem);
  const marginal = problem.capacity.map((c, s) => Array.from({ length: c }, (_, k) => w * (2 * k + 1 - 2 * targets[s])));
  const shift = Math.max(0, ...marginal.map((m) => (m.length ? -m[0] : 0)));
  return marginal.map((m) => m.map((c) => c + shift));
}

/** Node of (district d, session s), created on first use (splitting a merged arc if there is one). */
export function dsNode(problem: AllocationProblem, net: AllocationNetwork, d: number, s: number): number {
  const key = d * problem.capacity.length + s;
  if (net.dsNodes[key] >= 0) return net.dsNodes[key];
  if (net.mergedArcs[key] >= 0) {
    net.dsNodes[key] = net.network.splitArc(net.mergedArcs[key], INFINITE_CAPACITY);
    net.mergedArcs[key] = -1;
  } else {
    const session = net.sessionNodes[s];
    net.dsNodes[key] = net.network.addNode(0, net.network.potential(session));
    net.network.addArc(net.dsNodes[key], session, Math.min(problem.caps[d][s], INFINITE_CAPACITY), 0);
  }
  return net.dsNodes[key];
}

/**
 * Builds the relaxed network. Lexicographic objective by costs: an unplaced unit costs
 * more than any placement total, an unplaced pinned unit more than all unplaced others.
 */
export function buildNetwork(problem: AllocationProblem): AllocationNetwork {
  const network = new FlowNetwork();
  const { groups, excluded } = groupParticipants(problem);
  const S = problem.capacity.length;
  const placed = groups.reduce((sum, g) => sum + g.members.length, 0);
  const sink = network.addNode(-placed);
  const sessionNodes = problem.capacity.map(() => network.addNode());
  const cells = problem.districtKeys.length * S;
  const net: AllocationNetwork = { network, sink, groups, excluded, sessionNodes, dsNodes: new Int32Array(cells).fill(-1), mergedArcs: new Int32Array(cells).fill(-1), unplacedCost: 0 };
  let bound = 0;
  if (problem.evenness > 0) {
    evennessArcCosts(problem).forEach((costs, s) => {
      for (const c of costs) network.addArc(sessionNodes[s], sink, 1, c);
      bound += costs.reduce((a, b) => a + b, 0);
    });
  } else {
    problem.capacity.forEach((c, s) => network.addArc(sessionNodes[s], sink, c, 0));
  }
  const options: Options = { sessions: [], costs: [], otherCost: -1 };
  for (const group of groups) bound += group.members.length * groupOptions(problem, group, options);
  net.unplacedCost = bound + 1;
  const unplacedPinned = groups.some((g) => g.pin !== NONE) ? net.unplacedCost * (placed + 1) : net.unplacedCost;
  // Potentials and path costs stay below a few times the largest objective; keep them exact.
  if (unplacedPinned * (placed + 1) * 4 > Number.MAX_SAFE_INTEGER) throw new RangeError('costs too large to solve exactly');
  const targets: number[] = [];
  const otherCosts = new Float64Array(groups.length);
  groups.forEach((group, g) => {
    const size = group.members.length;
    groupOptions(problem, group, options);
    group.node = network.addNode(size);
    targets.length = 0;
    for (const s of options.sessions) targets.push(dsNode(problem, net, group.district, s));
    group.firstArc = network.arcCount;
    targets.forEach((target, i) => network.addArc(group.node, target, size, options.costs[i]));
    otherCosts[g] = options.otherCost;
    if (options.otherCost < 0) network.addArc(group.node, sink, size, group.pin === NONE ? net.unplacedCost : unplacedPinned);
  });
  const shared = new Map<string, OtherNode>();
  groups.forEach((group, g) => {
    if (otherCosts[g] < 0) return;
    const key = `${group.district}|${otherCosts[g]}`;
    let other = shared.get(key);
    if (!other) {
      other = relaxedNode(problem, net, group.district, otherCosts[g]);
      shared.set(key, other);
    }
    other.groups.push(group);
    group.other = other;
    group.otherArc = network.addArc(group.node, other.node, group.members.length, otherCosts[g]);
  });
  return net;
}

/**
 * A relaxed unranked node of district d for groups entering at `entryCost`: exits to every
 * session (merged with the cap arc when no (d, s) node exists yet) and to the sink at a cost
 * that makes every unplaced person cost the same, `unplacedCost`.
 */
function relaxedNode(problem: AllocationProblem, net: AllocationNetwork, d: number, entryCost: number): OtherNode {
  const { network } = net;
  const node = network.addNode();
  const exits = problem.capacity.map((_, s) => {
    const key = d * problem.capacity.length + s;
    if (net.dsNodes[key] >= 0 || net.mergedArcs[key] >= 0) return { session: s, arc: network.addArc(node, dsNode(problem, net, d, s), INFINITE_CAPACITY, 0) };
    net.mergedArcs[key] = network.addArc(node, net.sessionNodes[s], Math.min(problem.caps[d][s], INFINITE_CAPACITY), 0);
    return { session: s, arc: net.mergedArcs[key] };
  });
  exits.push({ session: -1, arc: network.addArc(node, net.sink, INFINITE_CAPACITY, net.unplacedCost - entryCost) });
  return { node, relaxed: true, exits, groups: [] };
}

/**
 * Gives `group` its own exact unranked node, keeping the current flow optimal for what it
 * routes: the relaxed arc is removed (its flow becomes unrouted supply), the new node gets
 * a potential that keeps its exits' reduced costs ≥ 0, and the entry arc is saturated if its
 * reduced cost is negative. A following `solveMinCostFlow` re-optimises from there.
 */
export function dedicate(problem: AllocationProblem, net: AllocationNetwork, group: Group): void {
  const { network } = net;
  const p = group.members[0];
  const cost = problem.unrankedCost + (problem.current[p] !== NONE ? problem.moveCost : 0);
  network.removeArc(group.otherArc);
  group.other!.groups = group.other!.groups.filter((g) => g !== group);
  const sessions = problem.capacity.map((_, s) => s).filter((s) => !problem.unavailable[p].includes(s));
  const targets = sessions.map((s) => dsNode(problem, net, group.district, s));
  const lowest = Math.max(network.potential(net.sink) - (net.unplacedCost - cost), ...targets.map((t) => network.potential(t)));
  const node = network.addNode(0, lowest);
  const exits = sessions.map((s, i) => ({ session: s, arc: network.addArc(node, targets[i], INFINITE_CAPACITY, 0) }));
  exits.push({ session: -1, arc: network.addArc(node, net.sink, INFINITE_CAPACITY, net.unplacedCost - cost) });
  group.other = { node, relaxed: false, exits, groups: [group] };
  group.otherArc = network.addArc(group.node, node, group.members.length, cost);
  if (network.reducedCost(group.otherArc) < 0) network.saturate(group.otherArc);
}
