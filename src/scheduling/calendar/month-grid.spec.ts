import { monthGrids } from './month-grid';

describe('monthGrids', () => {
  it('May 2021 starts on the Monday before 5/1, marks May Day and the adjusted Saturday, and the planned days', () => {
    const [may] = monthGrids('2021-05-01', '2021-05-31', new Map([['2021-05-06', '第一期']]));
    expect(may.title).toBe('2021年5月');
    expect(may.weeks[0][0]).toMatchObject({ date: '2021-04-26', inMonth: false });
    const day = (d: string) => may.weeks.flat().find((x) => x.date === d)!;
    expect(day('2021-05-03')).toMatchObject({ kind: 'holiday', holiday: '劳动节', working: false });
    expect(day('2021-05-08')).toMatchObject({ kind: 'adjusted-workday', working: true });
    expect(day('2021-05-06').mark).toBe('第一期');
    expect(may.weeks.every((w) => w.length === 7)).toBe(true);
    expect(may.weeks.at(-1)!.at(-1)!.date).toBe('2021-06-06');
  });

  it('spans several months', () => {
    expect(monthGrids('2021-04-20', '2021-06-02').map((g) => g.title)).toEqual(['2021年4月', '2021年5月', '2021年6月']);
  });
});
