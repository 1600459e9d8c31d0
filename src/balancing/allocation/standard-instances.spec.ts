import { allocate } from './allocate';
import { STANDARD_SIZES, greedyFcfs, mulberry32, standardInstance } from './standard-instances';
import { HighsLike, foldedObjective, solveReference } from './testing/lp-reference';
import { planViolations } from './testing/plan-checks';

describe(mulberry32.name, () => {
  it('draws the reference sequence', () => {
    const next = mulberry32(1);
    expect([next(), next(), next()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });
});

describe(standardInstance.name, () => {
  it('builds the small instance of BALANCE-INSTANCES.md', () => {
    const small = standardInstance(STANDARD_SIZES.small, 1);
    expect(small.participants).toHaveLength(250);
    expect(small.sessions.reduce((sum, s) => sum + s.capacity, 0)).toBe(263);
    expect(new Set(small.participants.map((p) => p.district)).size).toBeLessThanOrEqual(16);
    expect(standardInstance(STANDARD_SIZES.small, 1)).toEqual(small);
  });
});

describe(allocate.name, () => {
  it.each([
    ['small', STANDARD_SIZES.small],
    ['medium', STANDARD_SIZES.medium],
  ])('reaches the known optimum of the %s instance (seed 1)', (_, size) => {
    const input = standardInstance(size, 1);
    const plan = allocate(input);
    expect(planViolations(input, plan)).toEqual([]);
    expect(plan.unplaced).toEqual([]);
    expect(plan.cost.total).toBe(size.optimum);
  });

  describe('on medium instances against HiGHS', () => {
    let highs: HighsLike;
    beforeAll(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      highs = await require('highs')();
    });

    it.each([2, 3])('equals HiGHS on medium, seed %i', (seed) => {
      const input = standardInstance(STANDARD_SIZES.medium, seed);
      const plan = allocate(input);
      expect(planViolations(input, plan)).toEqual([]);
      expect(foldedObjective(input, plan)).toBe(solveReference(highs, input).objective);
    });
  });
});

describe(greedyFcfs.name, () => {
  it('gets 60 with 5 unplaced on small and 9,389 on medium (seed 1)', () => {
    const small = greedyFcfs(standardInstance(STANDARD_SIZES.small, 1));
    expect([small.cost.total, small.unplaced.length]).toEqual([60, 5]);
    expect(greedyFcfs(standardInstance(STANDARD_SIZES.medium, 1)).cost.total).toBe(9389);
  });
});
