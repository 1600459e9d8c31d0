import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  const top = () => 0.999999; // jitter at its largest
  it('doubles from the base per failed attempt', () => {
    expect([1, 2, 3].map((n) => Math.round(retryDelayMs(n, 5000, 30_000, top)))).toEqual([5000, 10_000, 20_000]);
  });
  it('never waits longer than the cap, whatever the attempt', () => {
    for (const n of [4, 5, 8, 24, 100]) expect(retryDelayMs(n, 5000, 30_000, top)).toBeLessThanOrEqual(30_000);
    expect(Math.round(retryDelayMs(7, 5000, 30_000, top))).toBe(30_000);
  });
  it('jitters between half and all of the delay', () => {
    expect(retryDelayMs(3, 5000, 30_000, () => 0)).toBe(10_000);
    expect(retryDelayMs(3, 5000, 30_000, top)).toBeLessThan(20_000);
  });
});
