import { AllocationProblem, buildProblem, choiceCost, evennessTargets, moveCostOf } from './allocation-problem';
import { buildNetwork, dedicate } from './allocation-network';
import type { AllocationCost, AllocationInput, AllocationResult } from './allocation.types';
import { disaggregate, Placement, splitUnranked } from './disaggregate';
import { explain } from './explain';
import { solveMinCostFlow } from './min-cost-flow';
import { pinConflicts } from './pin-conflicts';

/** The engine's input and output shapes, re-exported so callers need one import. */
export type * from './allocation.types';

/**
 * Places participants into training sessions (plan step 二(二)): an exact optimum of
 *   1. most pins honoured, 2. fewest unplaced, 3. least `cost.total`,
 * under the hard constraints session capacity, unavailability, pins and the per-district
 * cap per session. Method: exact minimum-cost flow (successive shortest paths, primal–dual)
 * on a compact network where interchangeable participants form one group node
 * (group, supply = its size → (district, session) → session → sink; unranked options through
 * a shared node per district; an "unplaced" arc to the sink costs more than any placement
 * total), then a deterministic disaggregation (earlier registrants get the better sessions
 * of their group) and an explanation per person.
 *
 * Never throws for infeasible pins: they are reported in `conflicts` and the people
 * concerned stay unplaced. Throws RangeError for malformed input (duplicate ids, bad
 * capacities or costs, see `buildProblem`).
 */
export function allocate(input: AllocationInput): AllocationResult {
  const problem = buildProblem(input);
  const placement = solve(problem);
  const conflicts = pinConflicts(problem, placement);
  const assignment = new Map<number, number | null>();
  const unplaced: number[] = [];
  input.participants.forEach((person, p) => {
    const s = placement[p];
    assignment.set(person.id, s < 0 ? null : input.sessions[s].id);
    if (s < 0) unplaced.push(person.id);
  });
  return {
    assignment,
    unplaced,
    sessionLoads: sessionLoads(problem, placement),
    cost: planCost(problem, placement),
    explanations: explain(problem, placement, conflicts),
    conflicts,
  };
}

/**
 * Solves the relaxed network (groups with unavailability share their district's unranked
 * node): its optimum is a lower bound, and optimal as soon as the unranked seats can be
 * handed out without an unavailable session. Otherwise the offending groups get exact
 * nodes and the flow is re-optimised from where it is (warm start), until it can.
 */
function solve(problem: AllocationProblem): Placement {
  const net = buildNetwork(problem);
  solveMinCostFlow(net.network);
  for (;;) {
    const split = splitUnranked(problem, net);
    if (split.ok) return disaggregate(problem, net, split.shares);
    for (const group of split.dedicate) dedicate(problem, net, group);
    solveMinCostFlow(net.network);
  }
}

function sessionLoads(problem: AllocationProblem, placement: Placement): number[] {
  const loads = problem.capacity.map(() => 0);
  for (const s of placement) if (s >= 0) loads[s]++;
  return loads;
}

/** Cost of a placement in policy units (exact: summed in scaled integers first). */
function planCost(problem: AllocationProblem, placement: Placement): AllocationCost {
  let choice = 0;
  let moves = 0;
  placement.forEach((s, p) => {
    if (s < 0) return;
    choice += choiceCost(problem, p, s);
    moves += moveCostOf(problem, p, s);
  });
  const targets = evennessTargets(problem);
  const loads = sessionLoads(problem, placement);
  const evenness = problem.evenness === 0 ? 0 : problem.evenness * loads.reduce((sum, load, s) => sum + (load - targets[s]) ** 2, 0);
  const k = problem.scale;
  return { total: (choice + moves + evenness) / k, choice: choice / k, moves: moves / k, evenness: evenness / k };
}

/**
 * Cost of any assignment (participant id → session id or null) under `input.policy`,
 * e.g. a greedy or hand-made plan; same units and terms as `AllocationResult.cost`.
 * Does not check feasibility.
 */
export function assignmentCost(input: AllocationInput, assignment: ReadonlyMap<number, number | null>): AllocationCost {
  const problem = buildProblem(input);
  const placement = new Int32Array(input.participants.length).fill(-1);
  input.participants.forEach((person, p) => {
    const id = assignment.get(person.id);
    if (id !== null && id !== undefined) placement[p] = problem.sessionIndex.get(id) ?? -1;
  });
  return planCost(problem, placement);
}
