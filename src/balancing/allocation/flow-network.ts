/** Capacity treated as unbounded (fits an Int32 with room for sums). */
export const INFINITE_CAPACITY = 1 << 30;

/** CSR form used by the solver: arcs leaving v are adjacency[first[v] … first[v+1]−1]; arc a's reverse is a ^ 1. */
export interface CompiledNetwork {
  nodes: number;
  first: Int32Array;
  adjacency: Int32Array;
  head: Int32Array;
  cost: Float64Array;
  residual: Int32Array;
  potential: Float64Array;
  /** Super source (feeds every node with supply) and super sink (drains every demand). */
  source: number;
  sink: number;
}

/**
 * A flow network with node supplies, kept between solves so that it can be changed and
 * re-optimised (warm start). Invariant between solves: every residual arc has a reduced
 * cost ≥ 0 under `potential`, i.e. the current flow is optimal for the supplies it routes.
 * Capacities are integers ≥ 0, costs safe integers ≥ 0, so results are exact.
 * `supply(v)` > 0: flow still to send out of v; < 0: flow still to receive.
 */
export class FlowNetwork {
  private tails = new Int32Array(1024);
  private heads = new Int32Array(1024);
  private caps = new Int32Array(1024);
  private flows = new Int32Array(1024);
  private costs = new Float64Array(1024);
  private arcs = 0;
  private readonly supplies: number[] = [];
  private readonly potentials: number[] = [];

  /** Adds a node; `potential` must keep the invariant for the arcs added to it later. */
  addNode(supply = 0, potential = 0): number {
    this.supplies.push(supply);
    this.potentials.push(potential);
    return this.supplies.length - 1;
  }

  get nodeCount(): number {
    return this.supplies.length;
  }

  get arcCount(): number {
    return this.arcs;
  }

  /** Adds the arc from → to with no flow; returns its id. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (!Number.isSafeInteger(cost) || cost < 0) throw new RangeError(`arc cost must be an integer ≥ 0, got ${cost}`);
    if (this.arcs === this.tails.length) this.grow();
    const k = this.arcs++;
    this.tails[k] = from;
    this.heads[k] = to;
    this.caps[k] = Math.min(capacity, INFINITE_CAPACITY);
    this.flows[k] = 0;
    this.costs[k] = cost;
    return k;
  }

  flow(k: number): number {
    return this.flows[k];
  }

  supply(v: number): number {
    return this.supplies[v];
  }

  potential(v: number): number {
    return this.potentials[v];
  }

  reducedCost(k: number): number {
    return this.costs[k] + this.potentials[this.tails[k]] - this.potentials[this.heads[k]];
  }

  /** Deletes arc k; its flow becomes unrouted supply at the tail and demand at the head. */
  removeArc(k: number): void {
    this.supplies[this.tails[k]] += this.flows[k];
    this.supplies[this.heads[k]] -= this.flows[k];
    this.caps[k] = 0;
    this.flows[k] = 0;
  }

  /** Fills arc k (e.g. when its reduced cost is negative); the extra flow becomes unrouted. */
  saturate(k: number): void {
    const extra = this.caps[k] - this.flows[k];
    this.flows[k] = this.caps[k];
    this.supplies[this.tails[k]] -= extra;
    this.supplies[this.heads[k]] += extra;
  }

  private grow(): void {
    const size = 2 * this.tails.length;
    const copy = <T extends Int32Array | Float64Array>(old: T, fresh: T): T => (fresh.set(old), fresh);
    this.tails = copy(this.tails, new Int32Array(size));
    this.heads = copy(this.heads, new Int32Array(size));
    this.caps = copy(this.caps, new Int32Array(size));
    this.flows = copy(this.flows, new Int32Array(size));
    this.costs = copy(this.costs, new Float64Array(size));
  }

  /** Solver view: real arcs, then super source/sink arcs for the unrouted supplies. */
  compile(): CompiledNetwork {
    const real = this.supplies.length;
    const [source, sink] = [real, real + 1];
    const n = real + 2;
    const ends: number[] = [];
    for (let v = 0; v < real; v++) if (this.supplies[v] !== 0) ends.push(v);
    const m = 2 * (this.arcs + ends.length);
    const head = new Int32Array(m);
    const cost = new Float64Array(m);
    const residual = new Int32Array(m);
    const potential = new Float64Array(n);
    potential.set(this.potentials);
    potential[source] = -Infinity;
    potential[sink] = Infinity;
    const link = (a: number, from: number, to: number, cap: number, flow: number, c: number): void => {
      head[a] = to;
      head[a + 1] = from;
      cost[a] = c;
      cost[a + 1] = -c;
      residual[a] = cap - flow;
      residual[a + 1] = flow;
    };
    for (let k = 0; k < this.arcs; k++) link(2 * k, this.tails[k], this.heads[k], this.caps[k], this.flows[k], this.costs[k]);
    ends.forEach((v, i) => {
      const s = this.supplies[v];
      if (s > 0) potential[source] = Math.max(potential[source], this.potentials[v]);
      else potential[sink] = Math.min(potential[sink], this.potentials[v]);
      link(2 * (this.arcs + i), s > 0 ? source : v, s > 0 ? v : sink, Math.abs(s), 0, 0);
    });
    if (!Number.isFinite(potential[source])) potential[source] = 0;
    if (!Number.isFinite(potential[sink])) potential[sink] = 0;
    const first = new Int32Array(n + 1);
    for (let a = 0; a < m; a++) first[head[a ^ 1] + 1]++;
    for (let v = 0; v < n; v++) first[v + 1] += first[v];
    const fill = first.slice(0, n);
    const adjacency = new Int32Array(m);
    for (let a = 0; a < m; a++) adjacency[fill[head[a ^ 1]]++] = a;
    return { nodes: n, first, adjacency, head, cost, residual, potential, source, sink };
  }

  /** Takes back flows, routed supplies and potentials after a solve of `compile()`'s view. */
  absorb(g: CompiledNetwork): void {
    for (let k = 0; k < this.arcs; k++) this.flows[k] = g.residual[2 * k + 1];
    for (let a = 2 * this.arcs; a < g.head.length; a += 2) {
      const routed = g.residual[a + 1];
      if (g.head[a + 1] === g.source) this.supplies[g.head[a]] -= routed;
      else this.supplies[g.head[a + 1]] += routed;
    }
    for (let v = 0; v < this.supplies.length; v++) this.potentials[v] = g.potential[v];
  }
}
