import fc from 'fast-check';
import { FlowNetwork, solveMinCostFlow } from './min-cost-flow';
import type { HighsLike } from './testing/lp-reference';

let highs: HighsLike;
beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  highs = await require('highs')();
});

interface Arc {
  from: number;
  to: number;
  capacity: number;
  cost: number;
}

/** Nodes 0…n−1 with supplies (Σ = 0 not required), arcs between them. */
const arbitraryNetwork = fc.integer({ min: 2, max: 8 }).chain((n) =>
  fc.record({
    supplies: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: n, maxLength: n }),
    arcs: fc.array(
      fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), capacity: fc.integer({ min: 0, max: 7 }), cost: fc.integer({ min: 0, max: 9 }) }).filter((a) => a.from !== a.to),
      { maxLength: 20 },
    ),
  }),
);

function build(supplies: number[], arcs: Arc[]): FlowNetwork {
  const network = new FlowNetwork();
  for (const s of supplies) network.addNode(s);
  for (const a of arcs) network.addArc(a.from, a.to, a.capacity, a.cost);
  return network;
}

/** HiGHS's optimum of the same problem: route the most supply (big weight), then least cost. */
function reference(supplies: number[], arcs: Arc[]): number {
  const big = 1 + arcs.reduce((sum, a) => sum + a.capacity * a.cost, 0);
  const terms = supplies.map((_, v) => [...arcs.flatMap((a, k) => (a.from === v ? [`+ f${k}`] : a.to === v ? [`- f${k}`] : [])), supplies[v] > 0 ? `+ e${v}` : `- e${v}`]);
  const lp = [
    'Minimize',
    ` obj: 0 z ${arcs.map((a, k) => `+ ${a.cost} f${k}`).join(' ')} ${supplies.map((s, v) => `+ ${big} e${v}`).join(' ')}`,
    'Subject To',
    ...supplies.map((s, v) => ` n${v}: ${terms[v].join(' ')} = ${s}`),
    'Bounds',
    ...arcs.map((a, k) => ` f${k} <= ${a.capacity}`),
    ...supplies.map((s, v) => ` e${v} <= ${Math.abs(s)}`),
    'End',
  ].join('\n');
  const solution = highs.solve(lp);
  expect(solution.Status).toBe('Optimal');
  return solution.ObjectiveValue - big * supplies.reduce((sum, s) => sum + Math.abs(s), 0);
}

/** Cost of the network's flow minus big × what was routed (comparable with `reference`). */
function folded(network: FlowNetwork, supplies: number[], arcs: Arc[]): number {
  const big = 1 + arcs.reduce((sum, a) => sum + a.capacity * a.cost, 0);
  const cost = arcs.reduce((sum, a, k) => sum + a.cost * network.flow(k), 0);
  const unrouted = supplies.reduce((sum, _, v) => sum + Math.abs(network.supply(v)), 0);
  return cost + big * unrouted - big * supplies.reduce((sum, s) => sum + Math.abs(s), 0);
}

describe(solveMinCostFlow.name, () => {
  it('routes supply to demand along the cheapest path', () => {
    const network = build([3, 0, -3], [
      { from: 0, to: 2, capacity: 2, cost: 5 },
      { from: 0, to: 1, capacity: 3, cost: 1 },
      { from: 1, to: 2, capacity: 1, cost: 1 },
    ]);
    expect(solveMinCostFlow(network)).toMatchObject({ routed: 3, cost: 12 });
    expect([network.flow(0), network.flow(1), network.flow(2)]).toEqual([2, 1, 1]);
  });

  it('equals HiGHS on arbitrary networks (most supply routed, then least cost)', () => {
    fc.assert(
      fc.property(arbitraryNetwork, ({ supplies, arcs }) => {
        const network = build(supplies, arcs);
        solveMinCostFlow(network);
        expect(folded(network, supplies, arcs)).toBe(reference(supplies, arcs));
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('re-optimises after arcs are removed, added or saturated (warm start) as if solved afresh', () => {
    fc.assert(
      fc.property(arbitraryNetwork, fc.array(fc.nat(), { maxLength: 3 }), fc.nat(9), ({ supplies, arcs }, removed, extraCost) => {
        // Balanced supplies and a costly uncapacitated ring: every imbalance can be routed back.
        const balanced = [...supplies.slice(0, -1), 0 - supplies.slice(0, -1).reduce((a, b) => a + b, 0)];
        const ring = balanced.map((_, v) => ({ from: v, to: (v + 1) % balanced.length, capacity: 100, cost: 30 }));
        const network = build(balanced, [...arcs, ...ring]);
        solveMinCostFlow(network);
        const kept = [...arcs, ...ring].map((a) => ({ ...a }));
        for (const r of removed.filter(() => arcs.length > 0)) {
          network.removeArc(r % arcs.length);
          kept[r % arcs.length].capacity = 0;
        }
        const extra = { from: 0, to: balanced.length - 1, capacity: 4, cost: extraCost };
        const k = network.addArc(extra.from, extra.to, extra.capacity, extra.cost);
        if (network.reducedCost(k) < 0) network.saturate(k);
        solveMinCostFlow(network);
        expect(balanced.map((_, v) => network.supply(v))).toEqual(balanced.map(() => 0));
        expect(folded(network, balanced, [...kept, extra])).toBe(reference(balanced, [...kept, extra]));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
