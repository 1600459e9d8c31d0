import { isCalendarDate, parseShanghaiDateTime, sessionDayLabels, sessionDays, formatShanghai } from './shanghai-time';

describe(sessionDays.name, () => {
  it('gives 01:00Z–09:00Z on both days of session R1', () => {
    const days = sessionDays('2021-04-12', 2, '09:00', '17:00');
    expect(days.map((d) => [d.start.toISOString(), d.end.toISOString()])).toEqual([
      ['2021-04-12T01:00:00.000Z', '2021-04-12T09:00:00.000Z'],
      ['2021-04-13T01:00:00.000Z', '2021-04-13T09:00:00.000Z'],
    ]);
  });

  it('refuses impossible times', () => {
    expect(() => sessionDays('2021-04-12', 2, '25:00', '17:00')).toThrow(RangeError);
    expect(() => sessionDays('2021-02-30', 2, '09:00', '17:00')).toThrow(RangeError);
  });
});

describe(isCalendarDate.name, () => {
  it.each([
    ['2021-04-12', true],
    ['2021-02-28', true],
    ['2021-02-30', false],
    ['2021-4-12', false],
    ['2021-04-12T00:00', false],
  ])('%s → %s (case C11)', (value, expected) => expect(isCalendarDate(value)).toBe(expected));
});

describe(parseShanghaiDateTime.name, () => {
  const r1 = '2021-04-12T01:00:00.000Z';
  it.each([
    '2021-04-12T09:00:00+08:00',
    '2021-04-12T09:00:00 08:00',
    '2021-04-12T09:00:00',
    '2021-04-12T09:00',
    '2021-04-12T01:00:00Z',
    '2021-04-12T09:00:00+0800',
  ])('%s is the same instant (case C11)', (value) => {
    expect(parseShanghaiDateTime(value)?.toISOString()).toBe(r1);
  });

  it.each(['2021-02-30T09:00:00', 'tomorrow', '2021-04-12', '2021-04-12T25:00:00+08:00'])('%s is refused', (value) => {
    expect(parseShanghaiDateTime(value)).toBeNull();
  });
});

describe(formatShanghai.name, () => {
  it('formats in Chinese, Shanghai time', () => {
    expect(formatShanghai(new Date('2021-04-12T01:00:00Z'))).toBe('2021年4月12日（星期一）09:00');
  });
});

describe('sessionDayLabels', () => {
  it('gives the Chinese date of each day, as formatShanghai of sessionDays, and computes it once', () => {
    const labels = sessionDayLabels('2021-04-12', 3, '09:00', '17:00');
    expect(labels).toEqual(sessionDays('2021-04-12', 3, '09:00', '17:00').map((d) => formatShanghai(d.start, false)));
    expect(labels[0]).toBe('2021年4月12日（星期一）');
    expect(sessionDayLabels('2021-04-12', 3, '09:00', '17:00')).toBe(labels);
    expect(Object.isFrozen(labels)).toBe(true);
    expect(sessionDayLabels('2021-04-12', 2, '09:00', '17:00')).toHaveLength(2);
  });

  it('throws RangeError on an invalid time, as sessionDays does', () => {
    expect(() => sessionDayLabels('2021-04-12', 1, '25:00', '17:00')).toThrow(RangeError);
  });
});
