import type { CompiledNetwork, FlowNetwork } from './flow-network';

/**
 * Maximum flow restricted to the arcs of zero reduced cost (the admissible arcs of the
 * primal–dual method), by ISAP: distance-to-sink labels raised locally on dead ends,
 * a global relabel (reverse BFS) after every n local ones, and the gap exit. The arc set
 * is collected once per Dijkstra phase, so the search never looks at costly arcs.
 */
export class TightGraph {
  private readonly first: Int32Array;
  private readonly arcs: Int32Array;
  private readonly label: Int32Array;
  private readonly count: Int32Array;
  private readonly queue: Int32Array;
  private readonly next: Int32Array;
  private readonly path: Int32Array;

  /** Working arrays come from `network.buffer`, so repeated solves reuse them. */
  constructor(
    private readonly g: CompiledNetwork,
    network: FlowNetwork,
  ) {
    const n = g.nodes;
    this.first = network.buffer('tight.first', Int32Array, n + 1);
    this.arcs = network.buffer('tight.arcs', Int32Array, g.head.length);
    this.label = network.buffer('tight.label', Int32Array, n);
    this.count = network.buffer('tight.count', Int32Array, n + 2);
    this.queue = network.buffer('tight.queue', Int32Array, n);
    this.next = network.buffer('tight.next', Int32Array, n);
    this.path = network.buffer('tight.path', Int32Array, n);
  }

  /** Keeps the arcs whose reduced cost under `potential` is zero (saturated or not). */
  collect(potential: Float64Array): void {
    const { nodes, first, head, cost } = this.g;
    let k = 0;
    for (let u = 0; u < nodes; u++) {
      this.first[u] = k;
      const pu = potential[u];
      for (let a = first[u], end = first[u + 1]; a < end; a++) {
        if (cost[a] + pu - potential[head[a]] === 0) this.arcs[k++] = a;
      }
    }
    this.first[nodes] = k;
  }

  /** Exact labels: BFS from the sink over reversed tight residual arcs (n = unreachable). */
  private relabelAll(sink: number): void {
    const { label, count, queue, first, arcs, next } = this;
    const { head, residual, rev, nodes: n } = this.g;
    label.fill(n);
    count.fill(0);
    label[sink] = 0;
    queue[0] = sink;
    for (let qh = 0, qt = 1; qh < qt; qh++) {
      const v = queue[qh];
      count[label[v]]++;
      for (let i = first[v], end = first[v + 1]; i < end; i++) {
        const b = arcs[i];
        const u = head[b];
        if (label[u] === n && residual[rev[b]] > 0) {
          label[u] = label[v] + 1;
          queue[qt++] = u;
        }
      }
    }
    next.set(first.subarray(0, n));
  }

  /** Pushes a maximum flow over tight arcs; returns its value. */
  maxFlow(source: number, sink: number): number {
    const { label, count, next, path, first, arcs } = this;
    const { head, residual, rev, nodes: n } = this.g;
    this.relabelAll(sink);
    let budget = n;
    let pushed = 0;
    let depth = 0;
    let u = source;
    while (label[source] < n) {
      if (u === sink) {
        let amount = residual[path[0]];
        for (let k = 1; k < depth; k++) if (residual[path[k]] < amount) amount = residual[path[k]];
        let cut = depth;
        for (let k = 0; k < depth; k++) {
          const a = path[k];
          residual[a] -= amount;
          residual[rev[a]] += amount;
          if (residual[a] === 0 && cut === depth) cut = k;
        }
        pushed += amount;
        depth = cut;
        u = depth === 0 ? source : head[path[depth - 1]];
        continue;
      }
      const want = label[u] - 1;
      const end = first[u + 1];
      let i = next[u];
      while (i < end && !(label[head[arcs[i]]] === want && residual[arcs[i]] > 0)) i++;
      next[u] = i;
      if (i < end) {
        path[depth++] = arcs[i];
        u = head[arcs[i]];
        continue;
      }
      if (--budget < 0) {
        this.relabelAll(sink);
        budget = n;
        depth = 0;
        u = source;
        continue;
      }
      let lowest = n - 1;
      for (let j = first[u]; j < end; j++) {
        const a = arcs[j];
        if (residual[a] > 0 && label[head[a]] < lowest) lowest = label[head[a]];
      }
      if (--count[label[u]] === 0) break; // gap: the source is cut off from the sink
      label[u] = lowest + 1;
      count[label[u]]++;
      next[u] = first[u];
      if (u !== source) {
        depth--;
        u = depth === 0 ? source : head[path[depth - 1]];
      }
    }
    return pushed;
  }
}
