import fc from 'fast-check';
import { allocate } from './allocate';
import type { AllocationInput, AllocationPolicy } from './allocation.types';
import { STANDARD_SIZES, standardInstance } from './standard-instances';
import { HighsLike, foldedObjective, solveReference } from './testing/lp-reference';
import { planViolations } from './testing/plan-checks';

/**
 * Optimality proofs by comparison: every instance is also solved as an LP by HiGHS and the
 * (lexicographic, folded) objectives must be equal; every plan must keep the hard rules.
 */
let highs: HighsLike;
beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  highs = await require('highs')();
});

function expectOptimal(input: AllocationInput): void {
  const plan = allocate(input);
  expect(planViolations(input, plan)).toEqual([]);
  const reference = solveReference(highs, input);
  const objective = foldedObjective(input, plan);
  expect(Math.abs(objective - reference.objective)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(reference.objective)));
  expect(plan.unplaced).toHaveLength(reference.unplaced);
}

/** Same instance with every capacity scaled down, so that some people cannot be placed. */
function squeezed(input: AllocationInput, factor: number): AllocationInput {
  return { ...input, sessions: input.sessions.map((s) => ({ ...s, capacity: Math.floor(s.capacity * factor) })) };
}

const SEEDS = Array.from({ length: 150 }, (_, i) => i + 2);

/** Small random instances with ids that are not positions, pins, current sessions, caps of both kinds, decimals. */
const arbitraryInput: fc.Arbitrary<AllocationInput> = fc
  .record({
    capacities: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }),
    people: fc.array(
      fc.record({
        district: fc.constantFrom('310101', '310104', 7),
        ranked: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
        unavailable: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
        pin: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 4, nil: undefined }),
        current: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 2, nil: undefined }),
      }),
      { maxLength: 24 },
    ),
    policy: fc.record({
      rankCosts: fc.constantFrom<number[]>([0, 1, 3], [0, 0, 0], [0, 2, 2], [0, 0.5, 1.5]),
      unrankedExtra: fc.constantFrom(0, 7, 1.5),
      moveCost: fc.constantFrom(0, 0, 2, 7),
      evenness: fc.constantFrom(0, 0, 0, 1, 0.5, 4),
    }),
    share: fc.constantFrom(undefined, 0.3, 0.5, 1),
    explicit: fc.option(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 12, maxLength: 12 }), { nil: undefined }),
  })
  .map(({ capacities, people, policy, share, explicit }) => {
    const id = (s: number): number => 100 + 10 * s;
    const districts = ['310101', '310104', 7];
    const explicitCaps = explicit && Object.fromEntries(districts.map((d, i) => [String(d), Object.fromEntries(capacities.map((_, s) => [id(s), explicit[i * 4 + s]]))]));
    const { unrankedExtra, ...costs } = policy;
    const fullPolicy: AllocationPolicy = { ...costs, unrankedCost: Math.max(...costs.rankCosts) + unrankedExtra, districtShare: { maxShare: share, explicitCaps } };
    return {
      sessions: capacities.map((capacity, s) => ({ id: id(s), capacity })),
      participants: people.map((p, i) => ({
        id: 5000 - 7 * i,
        district: p.district,
        ranked: p.ranked.map(id),
        unavailable: p.unavailable.map(id),
        pinnedSession: p.pin === undefined ? undefined : id(p.pin),
        currentSession: p.current === undefined ? undefined : id(p.current),
      })),
      policy: fullPolicy,
    };
  });

describe(allocate.name, () => {
  it(`equals HiGHS on the standard small instance, seeds ${SEEDS[0]}…${SEEDS[SEEDS.length - 1]}`, () => {
    for (const seed of SEEDS) expectOptimal(standardInstance(STANDARD_SIZES.small, seed));
  });

  it('equals HiGHS on small standard instances with capacity cut to 60–90 % (unplaced people)', () => {
    for (const seed of SEEDS.slice(0, 100)) {
      const size = { participants: 20 + (seed % 7) * 15, sessions: 2 + (seed % 5), districts: 1 + (seed % 6) };
      expectOptimal(squeezed(standardInstance(size, seed), 0.6 + (seed % 4) * 0.1));
    }
  });

  it('equals HiGHS on arbitrary small instances and keeps every hard rule', () => {
    fc.assert(fc.property(arbitraryInput, (input) => expectOptimal(input)), { numRuns: 300, seed: 20210212 });
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const [first, second] = [allocate(input), allocate(input)];
        expect([...second.assignment]).toEqual([...first.assignment]);
        expect(second.explanations).toEqual(first.explanations);
      }),
      { numRuns: 100 },
    );
  });
});
