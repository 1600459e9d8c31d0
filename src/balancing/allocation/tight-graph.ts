import type { CompiledNetwork } from './min-cost-flow';

/**
 * Dinic's maximum flow restricted to the arcs of zero reduced cost (the "admissible" arcs of
 * the primal–dual method). The set is collected once per Dijkstra phase, so the repeated
 * BFS/DFS rounds only look at those arcs instead of the whole network.
 */
export class TightGraph {
  private readonly first: Int32Array;
  private readonly arcs: Int32Array;
  private readonly level: Int32Array;
  private readonly queue: Int32Array;
  private readonly next: Int32Array;
  private readonly path: Int32Array;

  constructor(private readonly g: CompiledNetwork) {
    this.first = new Int32Array(g.nodes + 1);
    this.arcs = new Int32Array(g.head.length);
    this.level = new Int32Array(g.nodes);
    this.queue = new Int32Array(g.nodes);
    this.next = new Int32Array(g.nodes);
    this.path = new Int32Array(g.nodes);
  }

  /** Keeps the arcs whose reduced cost under `potential` is zero (residual or not). */
  collect(potential: Float64Array): void {
    const { nodes, first, adjacency, head, cost } = this.g;
    let k = 0;
    for (let u = 0; u < nodes; u++) {
      this.first[u] = k;
      const pu = potential[u];
      for (let i = first[u], end = first[u + 1]; i < end; i++) {
        const a = adjacency[i];
        if (cost[a] + pu - potential[head[a]] === 0) this.arcs[k++] = a;
      }
    }
    this.first[nodes] = k;
  }

  /** BFS levels over tight residual arcs, stopping at the sink's level; false if unreached. */
  levels(source: number, sink: number): boolean {
    const { level, queue, first, arcs } = this;
    const { head, residual } = this.g;
    level.fill(-1);
    level[source] = 0;
    queue[0] = source;
    for (let qh = 0, qt = 1; qh < qt; qh++) {
      const u = queue[qh];
      if (level[sink] >= 0 && level[u] >= level[sink]) break;
      for (let i = first[u], end = first[u + 1]; i < end; i++) {
        const a = arcs[i];
        const v = head[a];
        if (level[v] < 0 && residual[a] > 0) {
          level[v] = level[u] + 1;
          queue[qt++] = v;
        }
      }
    }
    (globalThis as any).st ??= {bfs:0,aug:0,len:0,dead:0}; (globalThis as any).st.bfs += 0; for (let q=0;q<this.queue.length;q++){} ; (globalThis as any).st.lv = level[sink];
    return level[sink] >= 0;
  }

  /** Saturates every shortest tight path (iterative DFS with current-arc pointers). */
  blockingFlow(source: number, sink: number): number {
    const { level, next, path, first, arcs } = this;
    const { head, residual } = this.g;
    next.set(first.subarray(0, next.length));
    const sinkLevel = level[sink];
    let pushed = 0;
    let depth = 0;
    let u = source;
    for (;;) {
      if (u === sink) {
        let amount = residual[path[0]];
        for (let k = 1; k < depth; k++) if (residual[path[k]] < amount) amount = residual[path[k]];
        let cut = depth;
        for (let k = 0; k < depth; k++) {
          const a = path[k];
          residual[a] -= amount;
          residual[a ^ 1] += amount;
          if (residual[a] === 0 && cut === depth) cut = k;
        }
        pushed += amount; (globalThis as any).st.aug++; (globalThis as any).st.len+=depth;
        depth = cut;
        u = depth === 0 ? source : head[path[depth - 1]];
        continue;
      }
      const want = level[u] + 1;
      let i = next[u];
      const end = first[u + 1];
      for (; i < end; i++) {
        const a = arcs[i];
        const v = head[a];
        if (level[v] === want && residual[a] > 0 && (v === sink || want < sinkLevel)) break;
      }
      next[u] = i;
      if (i < end) {
        const a = arcs[i];
        path[depth++] = a;
        u = head[a];
        continue;
      }
      if (u === source) return pushed;
      level[u] = -1; (globalThis as any).st.dead++;
      depth--;
      u = depth === 0 ? source : head[path[depth - 1]];
      next[u]++;
    }
  }
}
