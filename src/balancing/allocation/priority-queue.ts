/** Min-heap of (node, key) pairs with lazy deletion, on typed arrays. */
export class BinaryHeap {
  private readonly nodes: Int32Array;
  private readonly keys: Float64Array;
  size = 0;

  constructor(capacity: number, nodes = new Int32Array(capacity), keys = new Float64Array(capacity)) {
    this.nodes = nodes;
    this.keys = keys;
  }

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0];
  }

  push(node: number, key: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.nodes[i] = this.nodes[parent];
      this.keys[i] = this.keys[parent];
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }

  pop(): number {
    const top = this.nodes[0];
    const node = this.nodes[--this.size];
    const key = this.keys[this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= key) break;
      this.nodes[i] = this.nodes[child];
      this.keys[i] = this.keys[child];
      i = child;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
    return top;
  }
}

/**
 * Dijkstra's queue for integer keys popped in non-decreasing order: keys below `buckets`
 * go to O(1) buckets (the common case: reduced costs are small integers), larger keys to
 * a binary heap. Lazy deletion, like the heap.
 */
export class BucketQueue {
  private readonly bucketHead: Int32Array;
  private readonly entryNode: Int32Array;
  private readonly entryNext: Int32Array;
  private readonly heap: BinaryHeap;
  private entries = 0;
  private current = 0;
  private inBuckets = 0;
  /** Key of the last popped node. */
  lastKey = 0;

  /** `buffer` supplies the working arrays (e.g. `FlowNetwork.buffer`, to reuse them). */
  constructor(capacity: number, buffer = <T extends Int32Array | Float64Array>(_: string, type: { new (n: number): T }, n: number): T => new type(n)) {
    this.bucketHead = buffer('queue.buckets', Int32Array, 256).fill(-1);
    this.entryNode = buffer('queue.node', Int32Array, capacity);
    this.entryNext = buffer('queue.next', Int32Array, capacity);
    this.heap = new BinaryHeap(capacity, buffer('heap.nodes', Int32Array, capacity), buffer('heap.keys', Float64Array, capacity));
  }

  get size(): number {
    return this.inBuckets + this.heap.size;
  }

  clear(): void {
    this.bucketHead.fill(-1);
    this.entries = this.current = this.inBuckets = 0;
    this.heap.clear();
  }

  push(node: number, key: number): void {
    if (key >= this.bucketHead.length) return this.heap.push(node, key);
    const e = this.entries++;
    this.entryNode[e] = node;
    this.entryNext[e] = this.bucketHead[key];
    this.bucketHead[key] = e;
    this.inBuckets++;
  }

  pop(): number {
    if (this.inBuckets > 0) {
      while (this.bucketHead[this.current] < 0) this.current++;
      const e = this.bucketHead[this.current];
      this.bucketHead[this.current] = this.entryNext[e];
      this.inBuckets--;
      this.lastKey = this.current;
      return this.entryNode[e];
    }
    this.lastKey = this.heap.topKey();
    return this.heap.pop();
  }
}
