import { BinaryHeap } from './binary-heap';
import { TightGraph } from './tight-graph';

/**
 * A static flow network for `minCostMaxFlow`. Arc ids are even; the residual (reverse)
 * arc of `a` is `a ^ 1`. Capacities are integers ≥ 0 (use `INFINITE_CAPACITY` for
 * "unbounded"), costs are integers ≥ 0: with integer data the result is exact.
 */
export class FlowNetwork {
  private readonly tails: number[] = [];
  private readonly heads: number[] = [];
  private readonly caps: number[] = [];
  private readonly costs: number[] = [];
  private nodes = 0;
  private residual?: Int32Array;

  addNode(): number {
    return this.nodes++;
  }

  get nodeCount(): number {
    return this.nodes;
  }

  get arcCount(): number {
    return this.tails.length;
  }

  /** Adds the arc from → to and its reverse; returns the arc id. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (!Number.isInteger(cost) || cost < 0) throw new RangeError(`arc cost must be an integer ≥ 0, got ${cost}`);
    const id = this.tails.length;
    this.tails.push(from, to);
    this.heads.push(to, from);
    this.caps.push(Math.min(capacity, INFINITE_CAPACITY), 0);
    this.costs.push(cost, -cost);
    return id;
  }

  /** Flow on arc `a` after `minCostMaxFlow`. */
  flow(a: number): number {
    return this.residual ? this.residual[a ^ 1] : 0;
  }

  /** Frozen typed-array view used by the solver. */
  compile(): CompiledNetwork {
    const n = this.nodes;
    const m = this.tails.length;
    const first = new Int32Array(n + 1);
    for (let a = 0; a < m; a++) first[this.tails[a] + 1]++;
    for (let v = 0; v < n; v++) first[v + 1] += first[v];
    const fill = first.slice(0, n);
    const adjacency = new Int32Array(m);
    for (let a = 0; a < m; a++) adjacency[fill[this.tails[a]]++] = a;
    this.residual = Int32Array.from(this.caps);
    return {
      nodes: n,
      first,
      adjacency,
      head: Int32Array.from(this.heads),
      cost: Float64Array.from(this.costs),
      residual: this.residual,
    };
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

/** Flow value and its cost; `phases` = Dijkstra rounds, `rounds` = Dinic rounds (for benchmarks). */
export interface FlowSolution {
  flow: number;
  cost: number;
  phases: number;
  rounds: number;
}

/**
 * Minimum-cost maximum flow from `source` to `sink` by the primal–dual method: Dijkstra
 * with potentials finds the shortest-path distances (reduced costs stay ≥ 0), then Dinic's
 * blocking flows saturate every zero-reduced-cost path at once. Flows can be read back
 * with `network.flow(arc)`. Exact for integer data.
 */
export function minCostMaxFlow(network: FlowNetwork, source: number, sink: number): FlowSolution {
  const g = network.compile();
  const potential = new Float64Array(g.nodes);
  const dist = new Float64Array(g.nodes);
  const heap = new BinaryHeap(g.head.length + 1);
  const tight = new TightGraph(g);
  const result = { flow: 0, cost: 0, phases: 0, rounds: 0 };
  while (shortestPaths(g, source, sink, potential, dist, heap)) {
    result.phases++;
    tight.collect(potential);
    for (;;) {
      if (!tight.levels(source, sink)) break;
      result.rounds++;
      const pushed = tight.blockingFlow(source, sink); if (process.env.TRACE) console.log('phase', result.phases, 'lv', (globalThis as any).st.lv, 'pushed', pushed, JSON.stringify((globalThis as any).st));
      result.flow += pushed;
      result.cost += pushed * (potential[sink] - potential[source]);
    }
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
