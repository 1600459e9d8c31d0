import { BinaryHeap } from './binary-heap';
import { TightGraph } from './tight-graph';

/**
 * A static flow network for `minCostMaxFlow`. Arc ids are even; the residual (reverse)
 * arc of `a` is `a ^ 1`. Capacities are integers ≥ 0 (use `INFINITE_CAPACITY` for
 * "unbounded"), costs are integers ≥ 0: with integer data the result is exact.
 */
export class FlowNetwork {
  private tails = new Int32Array(1024);
  private heads = new Int32Array(1024);
  private caps = new Int32Array(1024);
  private costs = new Float64Array(1024);
  private arcs = 0;
  private nodes = 0;
  private residual?: Int32Array;

  addNode(): number {
    return this.nodes++;
  }

  get nodeCount(): number {
    return this.nodes;
  }

  /** Number of arcs added (reverse arcs not counted). */
  get arcCount(): number {
    return this.arcs;
  }

  /** Adds the arc from → to (and its reverse); returns the arc id. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (!Number.isSafeInteger(cost) || cost < 0) throw new RangeError(`arc cost must be an integer ≥ 0, got ${cost}`);
    if (this.arcs === this.tails.length) this.grow();
    const k = this.arcs++;
    this.tails[k] = from;
    this.heads[k] = to;
    this.caps[k] = Math.min(capacity, INFINITE_CAPACITY);
    this.costs[k] = cost;
    return 2 * k;
  }

  /** Flow on arc `a` after `minCostMaxFlow`. */
  flow(a: number): number {
    return this.residual ? this.residual[a ^ 1] : 0;
  }

  private grow(): void {
    const size = 2 * this.tails.length;
    const copy = <T extends Int32Array | Float64Array>(old: T, fresh: T): T => (fresh.set(old), fresh);
    this.tails = copy(this.tails, new Int32Array(size));
    this.heads = copy(this.heads, new Int32Array(size));
    this.caps = copy(this.caps, new Int32Array(size));
    this.costs = copy(this.costs, new Float64Array(size));
  }

  /** CSR view with paired residual arcs, used by the solver. */
  compile(): CompiledNetwork {
    const n = this.nodes;
    const m = 2 * this.arcs;
    const head = new Int32Array(m);
    const cost = new Float64Array(m);
    const residual = new Int32Array(m);
    const first = new Int32Array(n + 1);
    for (let k = 0; k < this.arcs; k++) {
      head[2 * k] = this.heads[k];
      head[2 * k + 1] = this.tails[k];
      cost[2 * k] = this.costs[k];
      cost[2 * k + 1] = -this.costs[k];
      residual[2 * k] = this.caps[k];
      first[this.tails[k] + 1]++;
      first[this.heads[k] + 1]++;
    }
    for (let v = 0; v < n; v++) first[v + 1] += first[v];
    const fill = first.slice(0, n);
    const adjacency = new Int32Array(m);
    for (let a = 0; a < m; a++) adjacency[fill[head[a ^ 1]]++] = a;
    this.residual = residual;
    return { nodes: n, first, adjacency, head, cost, residual };
  }
}

/** Capacity treated as unbounded (fits an Int32 with room for sums). */
export const INFINITE_CAPACITY = 1 << 30;

/** CSR form: arcs leaving v are adjacency[first[v] … first[v+1]−1]. */
export interface CompiledNetwork {
  nodes: number;
  first: Int32Array;
  adjacency: Int32Array;
  head: Int32Array;
  cost: Float64Array;
  residual: Int32Array;
}

/** Flow value and its cost; `phases` = Dijkstra rounds (for benchmarks). */
export interface FlowSolution {
  flow: number;
  cost: number;
  phases: number;
}

/**
 * Minimum-cost maximum flow from `source` to `sink` by the primal–dual method: Dijkstra
 * with potentials finds the shortest-path distances (reduced costs stay ≥ 0), then a
 * maximum flow over the zero-reduced-cost arcs (`TightGraph`) saturates every shortest path. Flows can be read back
 * with `network.flow(arc)`. Exact for integer data.
 */
export function minCostMaxFlow(network: FlowNetwork, source: number, sink: number): FlowSolution {
  const g = network.compile();
  const potential = new Float64Array(g.nodes);
  const dist = new Float64Array(g.nodes);
  const heap = new BinaryHeap(g.head.length + 1);
  const tight = new TightGraph(g);
  const result = { flow: 0, cost: 0, phases: 0 };
  while (shortestPaths(g, source, sink, potential, dist, heap)) {
    result.phases++;
    tight.collect(potential);
    const pushed = tight.maxFlow(source, sink);
    result.flow += pushed;
    result.cost += pushed * (potential[sink] - potential[source]);
  }
  return result;
}

/** Dijkstra on reduced costs; updates the potentials. False when the sink is unreachable. */
function shortestPaths(
  g: CompiledNetwork,
  source: number,
  sink: number,
  potential: Float64Array,
  dist: Float64Array,
  heap: BinaryHeap,
): boolean {
  const { first, adjacency, head, cost, residual } = g;
  dist.fill(Infinity);
  dist[source] = 0;
  heap.clear();
  heap.push(source, 0);
  while (heap.size > 0) {
    const d = heap.topKey();
    const u = heap.pop();
    if (d > dist[u]) continue;
    if (u === sink) break;
    const pu = potential[u] + d;
    for (let i = first[u], end = first[u + 1]; i < end; i++) {
      const a = adjacency[i];
      if (residual[a] === 0) continue;
      const v = head[a];
      const nd = pu + cost[a] - potential[v];
      if (nd < dist[v]) {
        dist[v] = nd;
        heap.push(v, nd);
      }
    }
  }
  const reach = dist[sink];
  if (reach === Infinity) return false;
  for (let v = 0; v < g.nodes; v++) potential[v] += dist[v] < reach ? dist[v] : reach;
  return true;
}
