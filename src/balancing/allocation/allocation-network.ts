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
  /** Arc into the shared "any available session at the unranked cost" node, if any. */
  otherArc: number;
  other: OtherNode | null;
}

/** Shared node for a district's groups with the same unavailability: unranked placements. */
export interface OtherNode {
  node: number;
  exits: { session: number; arc: number }[];
  groups: Group[];
}

/**
 * The compact network source → group → (district, session) → session → sink.
 * Groups carry their size as capacity; a pinned group reaches only its pin.
 */
export interface AllocationNetwork {
  network: FlowNetwork;
  source: number;
  sink: number;
  groups: Group[];
  /** Participants left out of the flow: pinned to an unknown or unavailable session. */
  excluded: number[];
}

function isAvailable(problem: AllocationProblem, p: number, s: number): boolean {
  return !problem.unavailable[p].includes(s);
}

/** Groups participants by everything the flow looks at; drops impossible pins. */
function groupParticipants(problem: AllocationProblem): { groups: Group[]; excluded: number[] } {
  const byKey = new Map<string, Group>();
  const excluded: number[] = [];
  problem.input.participants.forEach((_, p) => {
    const pin = problem.pin[p];
    if (pin === UNKNOWN || (pin !== NONE && !isAvailable(problem, p, pin))) {
      excluded.push(p);
      return;
    }
    const key = [problem.district[p], problem.ranked[p].join(','), problem.unavailable[p].join(','), pin, problem.current[p]].join('|');
    let group = byKey.get(key);
    if (!group) {
      group = { members: [], district: problem.district[p], pin, direct: [], otherArc: -1, other: null };
      byKey.set(key, group);
    }
    group.members.push(p);
  });
  return { groups: [...byKey.values()], excluded };
}

/** Sessions a group may use, each with its scaled cost, plus whether the "other" node is needed. */
function groupOptions(problem: AllocationProblem, group: Group): { direct: [number, number][]; otherCost: number } {
  const p = group.members[0];
  if (group.pin !== NONE) return { direct: [[group.pin, choiceCost(problem, p, group.pin) + moveCostOf(problem, p, group.pin)]], otherCost: -1 };
  const direct: [number, number][] = [];
  const seen = new Set<number>();
  const consider = [...problem.ranked[p], problem.current[p]];
  for (const s of consider) {
    if (s < 0 || seen.has(s) || !isAvailable(problem, p, s)) continue;
    seen.add(s);
    direct.push([s, choiceCost(problem, p, s) + moveCostOf(problem, p, s)]);
  }
  const needsOther = problem.capacity.some((_, s) => !seen.has(s) && isAvailable(problem, p, s));
  const otherCost = needsOther ? problem.unrankedCost + (problem.current[p] !== NONE ? problem.moveCost : 0) : -1;
  return { direct, otherCost };
}

/** Integer costs of the session → sink unit arcs (convex evenness penalty), shifted to be ≥ 0. */
function evennessArcCosts(problem: AllocationProblem): number[][] {
  const w = problem.evenness;
  const targets = evennessTargets(problem);
  const marginal = problem.capacity.map((c, s) => Array.from({ length: c }, (_, k) => w * (2 * (k + 1) - 1 - 2 * targets[s])));
  const shift = Math.max(0, ...marginal.map((m) => (m.length ? -m[0] : 0)));
  return marginal.map((m) => m.map((c) => c + shift));
}

/** Builds the compact min-cost-flow network of `problem`. */
export function buildNetwork(problem: AllocationProblem): AllocationNetwork {
  const network = new FlowNetwork();
  const source = network.addNode();
  const sink = network.addNode();
  const sessions = problem.capacity.length;
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
  const districtSession = new Map<number, number>();
  const dsNode = (d: number, s: number): number => {
    let node = districtSession.get(d * sessions + s);
    if (node === undefined) {
      node = network.addNode();
      districtSession.set(d * sessions + s, node);
      network.addArc(node, sessionNode[s], Math.min(problem.caps[d][s], INFINITE_CAPACITY), 0);
    }
    return node;
  };
  const { groups, excluded } = groupParticipants(problem);
  const options = groups.map((g) => groupOptions(problem, g));
  // Every unpinned unit pays pinPremium, so among maximum flows the cheapest honours the most pins.
  const anyPinned = groups.some((g) => g.pin !== NONE);
  const placementBound = options.reduce((sum, o, i) => sum + groups[i].members.length * Math.max(o.otherCost, ...o.direct.map(([, c]) => c)), 0);
  const pinPremium = anyPinned ? placementBound + evennessBound + 1 : 0;
  if (pinPremium * problem.input.participants.length > Number.MAX_SAFE_INTEGER) throw new RangeError('costs too large to solve exactly');
  const others = new Map<string, OtherNode>();
  groups.forEach((group, i) => {
    const node = network.addNode();
    const size = group.members.length;
    network.addArc(source, node, size, group.pin === NONE ? pinPremium : 0);
    for (const [s, cost] of options[i].direct) group.direct.push({ session: s, arc: network.addArc(node, dsNode(group.district, s), size, cost) });
    if (options[i].otherCost < 0) return;
    if (process.env.SKIPU && problem.unavailable[group.members[0]].length) return;
    const p = group.members[0];
    const key = `${group.district}|${problem.unavailable[p].join(',')}`;
    let other = others.get(key);
    if (!other) {
      const otherNode = network.addNode();
      const exits = problem.capacity
        .map((_, s) => s)
        .filter((s) => isAvailable(problem, p, s))
        .map((s) => ({ session: s, arc: network.addArc(otherNode, dsNode(group.district, s), INFINITE_CAPACITY, 0) }));
      other = { node: otherNode, exits, groups: [] };
      others.set(key, other);
    }
    other.groups.push(group);
    group.other = other;
    group.otherArc = network.addArc(node, other.node, size, options[i].otherCost);
  });
  return { network, source, sink, groups, excluded };
}
