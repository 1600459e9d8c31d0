import fc from 'fast-check';
import { choosePromotions, WaitingEntry } from './waitlist-promotion';

const seats = (entries: [number, number][]) => new Map(entries);

describe(choosePromotions.name, () => {
  it('C07: one freed seat goes to the head of the queue', () => {
    const sut = choosePromotions([{ id: 3, ranked: [1] }, { id: 4, ranked: [1] }], seats([[1, 1]]));
    expect([...sut]).toEqual([[3, 1]]);
  });

  it('places more people than first-come-first-served would', () => {
    // FIFO alone would give the S1 seat to #1 and leave #2 (who only wants S1) waiting.
    const sut = choosePromotions([{ id: 1, ranked: [1, 2] }, { id: 2, ranked: [1] }], seats([[1, 1], [2, 1]]));
    expect(sut).toEqual(new Map([[1, 2], [2, 1]]));
  });

  it('keeps first in first out among equals, even across different choice lists', () => {
    const sut = choosePromotions([{ id: 7, ranked: [2, 1] }, { id: 8, ranked: [1, 2] }, { id: 9, ranked: [1] }], seats([[1, 1]]));
    expect([...sut]).toEqual([[7, 1]]);
  });

  it('never promotes into a session the person did not rank', () => {
    expect(choosePromotions([{ id: 1, ranked: [2] }], seats([[1, 5]]))).toEqual(new Map());
  });

  it('respects free seats, places as many as possible, and is FIFO-greedy on ties (property)', () => {
    const entry = fc.record({ ranked: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), (entries, caps) => {
        const waiting: WaitingEntry[] = entries.map((e, i) => ({ id: i + 1, ranked: e.ranked }));
        const free = seats(caps.map((c, i) => [i + 1, c] as [number, number]));
        const sut = choosePromotions(waiting, free);
        for (const [id, s] of sut) expect(waiting.find((w) => w.id === id)!.ranked).toContain(s);
        for (const [s, c] of free) expect([...sut.values()].filter((x) => x === s).length).toBeLessThanOrEqual(c);
        // Maximum: nobody left waiting could still take a free seat they ranked.
        const used = new Map<number, number>();
        for (const s of sut.values()) used.set(s, (used.get(s) ?? 0) + 1);
        for (const w of waiting.filter((x) => !sut.has(x.id))) {
          for (const s of w.ranked) expect((used.get(s) ?? 0)).toBe(free.get(s) ?? 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
