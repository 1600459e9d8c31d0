import { BucketQueue } from './priority-queue';
import { CompiledNetwork, FlowNetwork } from './flow-network';
import { TightGraph } from './tight-graph';

/** The network the solver works on (re-exported for callers of the solver). */
export { FlowNetwork, INFINITE_CAPACITY } from './flow-network';

/** Amount routed and its cost in this call; `phases` = Dijkstra rounds (for benchmarks). */
export interface FlowSolution {
  routed: number;
  cost: number;
  phases: number;
}

/**
 * Routes as much of the networks's unrouted supply to its demands as possible, at minimum
 * cost, starting from the current flow (successive shortest paths, primal–dual form):
 * Dijkstra on reduced costs gives the distances and new potentials, then a maximum flow
 * over the zero-reduced-cost arcs (`TightGraph`) saturates every shortest path at once.
 * Exact for integer data. Read the result with `network.flow(arc)` / `network.supply(v)`.
 */
export function solveMinCostFlow(network: FlowNetwork): FlowSolution {
  const g = network.compile();
  const dist = network.buffer('dist', Float64Array, g.nodes);
  const queue = new BucketQueue(g.head.length + 1, network.buffer.bind(network));
  const tight = new TightGraph(g, network);
  const result = { routed: 0, cost: 0, phases: 0 };
  while (shortestPaths(g, dist, queue)) {
    result.phases++;
    tight.collect(g.potential);
    const pushed = tight.maxFlow(g.source, g.sink);
    result.routed += pushed;
    result.cost += pushed * (g.potential[g.sink] - g.potential[g.source]);
  }
  network.absorb(g);
  return result;
}

/** Dijkstra on reduced costs; updates the potentials. False when the sink is unreachable. */
function shortestPaths(g: CompiledNetwork, dist: Float64Array, queue: BucketQueue): boolean {
  const { first, head, cost, residual, potential, source, sink } = g;
  dist.fill(Infinity);
  dist[source] = 0;
  queue.clear();
  queue.push(source, 0);
  while (queue.size > 0) {
    const u = queue.pop();
    const d = queue.lastKey;
    if (d > dist[u]) continue;
    if (u === sink) break;
    const pu = potential[u] + d;
    for (let a = first[u], end = first[u + 1]; a < end; a++) {
      if (residual[a] === 0) continue;
      const v = head[a];
      const nd = pu + cost[a] - potential[v];
      if (nd < dist[v]) {
        dist[v] = nd;
        queue.push(v, nd);
      }
    }
  }
  const reach = dist[sink];
  if (reach === Infinity) return false;
  for (let v = 0; v < g.nodes; v++) potential[v] += dist[v] < reach ? dist[v] : reach;
  return true;
}
