import fc from 'fast-check';
import { covers, DateRange, endsBeforeStart, isIsoDate, nextDay, overlappingPairs, overlaps } from './date-ranges';

const DAYS = Array.from({ length: 40 }, (_, i) => nextDayN('2021-01-28', i));
function nextDayN(date: string, n: number): string {
  return n === 0 ? date : nextDayN(nextDay(date), n - 1);
}

/** A valid range over a 40-day window crossing February (and its 28th), possibly open-ended. */
const range: fc.Arbitrary<DateRange> = fc
  .tuple(fc.integer({ min: 0, max: 39 }), fc.option(fc.integer({ min: 0, max: 39 })))
  .map(([a, b]) => (b === null ? { startDate: DAYS[a], endDate: null } : { startDate: DAYS[Math.min(a, b)], endDate: DAYS[Math.max(a, b)] }));

describe(overlaps.name, () => {
  it('tasks 19 and 21 (no two overlapping placements or rotations): overlap means sharing a day', () => {
    fc.assert(
      fc.property(range, range, (a, b) => {
        const sharesADay = DAYS.some((d) => covers(a, d) && covers(b, d)) || (a.endDate === null && b.endDate === null);
        expect(overlaps(a, b)).toBe(sharesADay);
      }),
    );
  });

  it('is symmetric, and a range overlaps itself', () => {
    fc.assert(fc.property(range, range, (a, b) => overlaps(a, b) === overlaps(b, a) && overlaps(a, a)));
  });

  it('an end date is inclusive: 4-1..4-30 and 4-30..5-31 overlap, 4-1..4-29 and 4-30.. do not', () => {
    expect(overlaps({ startDate: '2021-04-01', endDate: '2021-04-30' }, { startDate: '2021-04-30', endDate: '2021-05-31' })).toBe(true);
    expect(overlaps({ startDate: '2021-04-01', endDate: '2021-04-29' }, { startDate: '2021-04-30', endDate: null })).toBe(false);
  });
});

describe(overlappingPairs.name, () => {
  it('finds exactly the pairs a brute-force comparison finds', () => {
    fc.assert(
      fc.property(fc.array(range, { maxLength: 12 }), (ranges) => {
        const brute: [number, number][] = [];
        ranges.forEach((a, i) => ranges.forEach((b, j) => i < j && overlaps(a, b) && brute.push([i, j])));
        expect(overlappingPairs(ranges)).toEqual(brute);
      }),
    );
  });
});

describe(isIsoDate.name, () => {
  it.each([
    ['2021-02-28', true],
    ['2020-02-29', true],
    ['2021-02-29', false],
    ['2021-4-1', false],
    ['2021-13-01', false],
  ])('%s → %s', (value, expected) => expect(isIsoDate(value)).toBe(expected));

  it('nextDay walks month and year ends', () => {
    expect(nextDay('2021-02-28')).toBe('2021-03-01');
    expect(nextDay('2021-12-31')).toBe('2022-01-01');
    expect(endsBeforeStart({ startDate: '2021-05-01', endDate: '2021-04-30' })).toBe(true);
  });
});
