import { AllocationProblem, NONE, UNKNOWN, choiceCost, evennessTargets, moveCostOf } from './allocation-problem';
import { FlowNetwork, INFINITE_CAPACITY } from './min-cost-flow';

/**
 * Participants who are interchangeable for the flow (same district, ranking,
 * unavailability, pin and current session), in registration order.
 */
export interface Group {
  members: number[];
  district: number;
  pin: number;
  /** Arcs straight to a (district, session) node: ranked sessions, the current one, or the pin. */
  direct: { session: number; arc: number }[];
  /** Arc into the node for "any other session at the unranked cost" (−1 if none). */
  otherArc: number;
  other: OtherNode | null;
}

/**
 * Node for unranked placements. Dedicated: one district and one unavailability set, exits
 * only to available sessions. Relaxed (`relaxed = true`): one per district, exits to every
 * session, so whether its flow can be split without using an unavailable session must be
 * checked afterwards (see `splitUnranked`).
 */
export interface OtherNode {
  node: number;
  relaxed: boolean;
  exits: { session: number; arc: number }[];
  groups: Group[];
}

/** The compact network source → group → (district, session) → session → sink. */
export interface AllocationNetwork {
  network: FlowNetwork;
  source: number;
  sink: number;
  groups: Group[];
  /** Participants left out of the flow: pinned to an unknown or unavailable session. */
  excluded: number[];
}

/** Groups participants by everything the flow looks at; drops impossible pins. */
export function groupParticipants(problem: AllocationProblem): { groups: Group[]; excluded: number[] } {
  const byKey = new Map<string, Group>();
  const excluded: number[] = [];
  const n = problem.input.participants.length;
  for (let p = 0; p < n; p++) {
    const pin = problem.pin[p];
    if (pin === UNKNOWN || (pin !== NONE && problem.unavailable[p].includes(pin))) {
      excluded.push(p);
      continue;
    }
    const key = `${problem.district[p]}|${problem.ranked[p]}|${problem.unavailable[p]}|${pin}|${problem.current[p]}`;
    const group = byKey.get(key);
    if (group) group.members.push(p);
    else byKey.set(key, { members: [p], district: problem.district[p], pin, direct: [], otherArc: -1, other: null });
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

/**
 * Builds the network. Groups listed in `dedicated` (by first member) get an exact
 * unranked node; the others share their district's relaxed one.
 */
export function buildNetwork(problem: AllocationProblem, dedicated: ReadonlySet<number>): AllocationNetwork {
  const network = new FlowNetwork();
  const source = network.addNode();
  const sink = network.addNode();
  const S = problem.capacity.length;
  const sessionNode = problem.capacity.map(() => network.addNode());
  let evennessBound = 0;
  if (problem.evenness > 0) {
    evennessArcCosts(problem).forEach((costs, s) => {
      for (const c of costs) network.addArc(sessionNode[s], sink, 1, c);
      evennessBound += costs.reduce((a, b) => a + b, 0);
    });
  } else {
    problem.capacity.forEach((c, s) => network.addArc(sessionNode[s], sink, c, 0));
  }
  const dsNodes = new Int32Array(problem.districtKeys.length * S).fill(-1);
  const dsNode = (d: number, s: number): number => {
    if (dsNodes[d * S + s] < 0) {
      dsNodes[d * S + s] = network.addNode();
      network.addArc(dsNodes[d * S + s], sessionNode[s], Math.min(problem.caps[d][s], INFINITE_CAPACITY), 0);
    }
    return dsNodes[d * S + s];
  };
  const { groups, excluded } = groupParticipants(problem);
  const options = groups.map((g) => groupOptions(problem, g));
  // Every unpinned unit pays pinPremium, so among maximum flows the cheapest honours the most pins.
  const anyPinned = groups.some((g) => g.pin !== NONE);
  const placementBound = options.reduce((sum, o, i) => sum + groups[i].members.length * Math.max(o.otherCost, ...o.direct.map(([, c]) => c)), 0);
  const pinPremium = anyPinned ? placementBound + evennessBound + 1 : 0;
  if ((pinPremium + placementBound + evennessBound) * problem.input.participants.length > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('costs too large to solve exactly');
  }
  const others = new Map<string, OtherNode>();
  groups.forEach((group, i) => {
    const node = network.addNode();
    const size = group.members.length;
    network.addArc(source, node, size, group.pin === NONE ? pinPremium : 0);
    for (const [s, cost] of options[i].direct) group.direct.push({ session: s, arc: network.addArc(node, dsNode(group.district, s), size, cost) });
    if (options[i].otherCost < 0) return;
    const off = problem.unavailable[group.members[0]];
    const relaxed = off.length > 0 && !dedicated.has(group.members[0]);
    const key = relaxed ? `${group.district}|` : `${group.district}|${off}`;
    let other = others.get(key);
    if (!other) {
      const otherNode = network.addNode();
      const exits = [];
      for (let s = 0; s < S; s++) {
        if (!relaxed && off.includes(s)) continue;
        exits.push({ session: s, arc: network.addArc(otherNode, dsNode(group.district, s), INFINITE_CAPACITY, 0) });
      }
      other = { node: otherNode, relaxed: off.length === 0 || relaxed, exits, groups: [] };
      others.set(key, other);
    }
    other.groups.push(group);
    group.other = other;
    group.otherArc = network.addArc(node, other.node, size, options[i].otherCost);
  });
  return { network, source, sink, groups, excluded };
}
