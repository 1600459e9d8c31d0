/** Capacity treated as unbounded (fits an Int32 with room for sums). */
export const INFINITE_CAPACITY = 1 << 30;

/**
 * Adjacency-ordered residual arcs used by the solver: arcs leaving v are first[v] … first[v+1]−1,
 * the reverse of arc a is rev[a], `position[k]` is where arc k of the network went.
 */
export interface CompiledNetwork {
  nodes: number;
  first: Int32Array;
  head: Int32Array;
  cost: Float64Array;
  residual: Int32Array;
  rev: Int32Array;
  potential: Float64Array;
  position: Int32Array;
  realArcs: number;
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

  /** Number of nodes added. */
  get nodeCount(): number {
    return this.supplies.length;
  }

  /** Number of arcs added (each also has a residual reverse inside the solver). */
  get arcCount(): number {
    return this.arcs;
  }

  /**
   * Adds the arc from → to with no flow; returns its id. To keep the invariant on a solved
   * network its `reducedCost` must be ≥ 0, else `saturate` it (fresh networks: always fine).
   */
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

  /** Current flow on arc k. */
  flow(k: number): number {
    return this.flows[k];
  }

  /** Supply of v not yet routed (> 0 to send, < 0 to receive). */
  supply(v: number): number {
    return this.supplies[v];
  }

  /** Dual value of v (node potential). */
  potential(v: number): number {
    return this.potentials[v];
  }

  /** cost(k) + potential(tail) − potential(head). */
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

  /**
   * Fills arc k (for an arc whose reduced cost is negative); the extra flow becomes unrouted
   * supply at the head and demand at the tail, which the next solve routes back — if the
   * network offers a way (else it stays unrouted: `solveMinCostFlow` routes what it can).
   */
  saturate(k: number): void {
    const extra = this.caps[k] - this.flows[k];
    this.flows[k] = this.caps[k];
    this.supplies[this.tails[k]] -= extra;
    this.supplies[this.heads[k]] += extra;
  }

  /**
   * Inserts a node in the middle of arc k (tail → new → head), keeping its flow: the first
   * half gets `firstCapacity` and k's cost, the second half k's capacity and cost 0. The new
   * node's potential keeps both halves' reduced costs valid. Returns the new node.
   */
  splitArc(k: number, firstCapacity: number): number {
    const [tail, head, flow] = [this.tails[k], this.heads[k], this.flows[k]];
    const middle = this.addNode(0, flow > 0 ? this.costs[k] + this.potentials[tail] : this.potentials[head]);
    const second = this.addArc(middle, head, this.caps[k], 0);
    this.flows[second] = flow;
    this.heads[k] = middle;
    this.caps[k] = Math.min(firstCapacity, INFINITE_CAPACITY);
    return middle;
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

  private readonly buffers = new Map<string, Int32Array | Float64Array>();

  /** A view of `size` elements on a buffer kept between solves (grown with slack), to spare the GC. */
  buffer<T extends Int32Array | Float64Array>(name: string, type: { new (size: number): T }, size: number): T {
    let buffer = this.buffers.get(name) as T | undefined;
    if (!buffer || buffer.length < size) {
      buffer = new type(Math.ceil(size * 1.25) + 16);
      this.buffers.set(name, buffer);
    }
    return buffer.subarray(0, size) as T;
  }

  /**
   * Solver view: real arcs, then super source/sink arcs for the unrouted supplies, stored in
   * adjacency order (arcs leaving v are first[v] … first[v+1]−1) for memory locality.
   */
  compile(): CompiledNetwork {
    const real = this.supplies.length;
    const [source, sink] = [real, real + 1];
    const n = real + 2;
    const ends: number[] = [];
    for (let v = 0; v < real; v++) if (this.supplies[v] !== 0) ends.push(v);
    const arcs = this.arcs + ends.length;
    const m = 2 * arcs;
    const head = this.buffer('head', Int32Array, m);
    const cost = this.buffer('cost', Float64Array, m);
    const residual = this.buffer('residual', Int32Array, m);
    const rev = this.buffer('rev', Int32Array, m);
    const position = this.buffer('position', Int32Array, arcs);
    const potential = this.buffer('potential', Float64Array, n);
    const first = this.buffer('first', Int32Array, n + 1).fill(0);
    const fill = this.buffer('fill', Int32Array, n);
    potential.set(this.potentials);
    potential[source] = -Infinity;
    potential[sink] = Infinity;
    const tailOf = (k: number): number => (k < this.arcs ? this.tails[k] : this.supplies[ends[k - this.arcs]] > 0 ? source : ends[k - this.arcs]);
    const headOf = (k: number): number => (k < this.arcs ? this.heads[k] : this.supplies[ends[k - this.arcs]] > 0 ? ends[k - this.arcs] : sink);
    for (let k = 0; k < arcs; k++) {
      first[tailOf(k) + 1]++;
      first[headOf(k) + 1]++;
    }
    for (let v = 0; v < n; v++) first[v + 1] += first[v];
    fill.set(first.subarray(0, n));
    for (let k = 0; k < arcs; k++) {
      const from = tailOf(k);
      const to = headOf(k);
      const i = fill[from]++;
      const j = fill[to]++;
      const end = k < this.arcs ? -1 : ends[k - this.arcs];
      const cap = end < 0 ? this.caps[k] : Math.abs(this.supplies[end]);
      const flow = end < 0 ? this.flows[k] : 0;
      const c = end < 0 ? this.costs[k] : 0;
      head[i] = to;
      head[j] = from;
      cost[i] = c;
      cost[j] = -c;
      residual[i] = cap - flow;
      residual[j] = flow;
      rev[i] = j;
      rev[j] = i;
      position[k] = i;
      if (end >= 0 && from === source) potential[source] = Math.max(potential[source], this.potentials[end]);
      if (end >= 0 && to === sink) potential[sink] = Math.min(potential[sink], this.potentials[end]);
    }
    if (!Number.isFinite(potential[source])) potential[source] = 0;
    if (!Number.isFinite(potential[sink])) potential[sink] = 0;
    return { nodes: n, first, head, cost, residual, rev, potential, source, sink, position, realArcs: this.arcs };
  }

  /** Takes back flows, routed supplies and potentials after a solve of `compile()`'s view. */
  absorb(g: CompiledNetwork): void {
    for (let k = 0; k < this.arcs; k++) this.flows[k] = g.residual[g.rev[g.position[k]]];
    for (let k = this.arcs; k < g.position.length; k++) {
      const i = g.position[k];
      const routed = g.residual[g.rev[i]];
      if (g.head[g.rev[i]] === g.source) this.supplies[g.head[i]] -= routed;
      else this.supplies[g.head[g.rev[i]]] += routed;
    }
    for (let v = 0; v < this.supplies.length; v++) this.potentials[v] = g.potential[v];
  }
}
