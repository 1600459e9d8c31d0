import { AllocationProblem, NONE, UNKNOWN, choiceCost, evennessTargets, moveCostOf } from './allocation-problem';
import { FlowNetwork, INFINITE_CAPACITY } from './flow-network';

/**
 * Participants who are interchangeable for the flow (same district, ranking,
 * unavailability, pin and current session), in registration order.
 */
export interface Group {
  members: number[];
  district: number;
  pin: number;
  node: number;
  /** Arcs straight to a (district, session) node: ranked sessions, the current one, or the pin. */
  direct: { session: number; arc: number }[];
  /** Arc into the node for "any other session at the unranked cost" (−1 if none). */
  otherArc: number;
  other: OtherNode | null;
  /** Arc to the sink for the unplaced (lexicographic big cost). */
  unplacedArc: number;
}

/**
 * Node for unranked placements. Relaxed: one per district, exits to every session, so its
 * flow must afterwards be handed out without an unavailable session (`splitUnranked`).
 * Exact: one group's own node, exits only to the sessions it can attend.
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
  /** (district · S + session) → node, −1 until needed. */
  dsNodes: Int32Array;
  sessionNodes: number[];
}

/** Groups participants by everything the flow looks at; drops impossible pins. */
function groupParticipants(problem: AllocationProblem): { groups: Group[]; excluded: number[] } {
  const byKey = new Map<string, Group>();
  const excluded: number[] = [];
  for (let p = 0; p < problem.input.participants.length; p++) {
    const pin = problem.pin[p];
    if (pin === UNKNOWN || (pin !== NONE && problem.unavailable[p].includes(pin))) {
      excluded.push(p);
      continue;
    }
    const key = `${problem.district[p]}|${problem.ranked[p]}|${problem.unavailable[p]}|${pin}|${problem.current[p]}`;
    const group = byKey.get(key);
    if (group) group.members.push(p);
    else byKey.set(key, { members: [p], district: problem.district[p], pin, node: -1, direct: [], otherArc: -1, other: null, unplacedArc: -1 });
  }
  return { groups: [...byKey.values()], excluded };
}

/** Direct options of a group with their scaled costs, and the cost into the "other" node (−1: none). */
function groupOptions(problem: AllocationProblem, group: Group): { direct: [number, number][]; otherCost: number } {
  const p = group.members[0];
  const cost = (s: number): number => choiceCost(problem, p, s) + moveCostOf(problem, p, s);
  if (group.pin !== NONE) return { direct: [[group.pin, cost(group.pin)]], otherCost: -1 };
  const off = problem.unavailable[p];
  const direct: [number, number][] = [];
  for (const s of [...problem.ranked[p], problem.current[p]]) {
    if (s >= 0 && !off.includes(s) && !direct.some(([t]) => t === s)) direct.push([s, cost(s)]);
  }
  const othersLeft = problem.capacity.length - off.length - direct.length > 0;
  return { direct, otherCost: othersLeft ? problem.unrankedCost + (problem.current[p] !== NONE ? problem.moveCost : 0) : -1 };
}

/** Integer costs of the session → sink unit arcs (convex evenness penalty), shifted to be ≥ 0. */
function evennessArcCosts(problem: AllocationProblem): number[][] {
  const w = problem.evenness;
  const targets = evennessTargets(problem);
  const marginal = problem.capacity.map((c, s) => Array.from({ length: c }, (_, k) => w * (2 * k + 1 - 2 * targets[s])));
  const shift = Math.max(0, ...marginal.map((m) => (m.length ? -m[0] : 0)));
  return marginal.map((m) => m.map((c) => c + shift));
}

/** Node of (district d, session s), created on first use with its district-cap arc. */
export function dsNode(problem: AllocationProblem, net: AllocationNetwork, d: number, s: number): number {
  const key = d * problem.capacity.length + s;
  if (net.dsNodes[key] < 0) {
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
  const placed = groups.reduce((sum, g) => sum + g.members.length, 0);
  const sink = network.addNode(-placed);
  const sessionNodes = problem.capacity.map(() => network.addNode());
  const net: AllocationNetwork = { network, sink, groups, excluded, dsNodes: new Int32Array(problem.districtKeys.length * problem.capacity.length).fill(-1), sessionNodes };
  let bound = 0;
  if (problem.evenness > 0) {
    evennessArcCosts(problem).forEach((costs, s) => {
      for (const c of costs) network.addArc(sessionNodes[s], sink, 1, c);
      bound += costs.reduce((a, b) => a + b, 0);
    });
  } else {
    problem.capacity.forEach((c, s) => network.addArc(sessionNodes[s], sink, c, 0));
  }
  const options = groups.map((g) => groupOptions(problem, g));
  bound += options.reduce((sum, o, i) => sum + groups[i].members.length * Math.max(o.otherCost, ...o.direct.map(([, c]) => c)), 0);
  const unplacedCost = bound + 1;
  const unplacedPinnedCost = groups.some((g) => g.pin !== NONE) ? unplacedCost * (placed + 1) : unplacedCost;
  if (unplacedPinnedCost * (placed + 1) * 4 > Number.MAX_SAFE_INTEGER) throw new RangeError('costs too large to solve exactly');
  const shared = new Map<number, OtherNode>();
  groups.forEach((group, i) => {
    const size = group.members.length;
    group.node = network.addNode(size);
    for (const [s, cost] of options[i].direct) {
      group.direct.push({ session: s, arc: network.addArc(group.node, dsNode(problem, net, group.district, s), size, cost) });
    }
    group.unplacedArc = network.addArc(group.node, sink, size, group.pin === NONE ? unplacedCost : unplacedPinnedCost);
    if (options[i].otherCost < 0) return;
    let other = shared.get(group.district);
    if (!other) {
      const node = network.addNode();
      const exits = problem.capacity.map((_, s) => ({ session: s, arc: network.addArc(node, dsNode(problem, net, group.district, s), INFINITE_CAPACITY, 0) }));
      other = { node, relaxed: true, exits, groups: [] };
      shared.set(group.district, other);
    }
    other.groups.push(group);
    group.other = other;
    group.otherArc = network.addArc(group.node, other.node, size, options[i].otherCost);
  });
  return net;
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
  const node = network.addNode(0, Math.max(...targets.map((t) => network.potential(t))));
  const exits = sessions.map((s, i) => ({ session: s, arc: network.addArc(node, targets[i], INFINITE_CAPACITY, 0) }));
  group.other = { node, relaxed: false, exits, groups: [group] };
  group.otherArc = network.addArc(group.node, node, group.members.length, cost);
  if (network.reducedCost(group.otherArc) < 0) network.saturate(group.otherArc);
}
