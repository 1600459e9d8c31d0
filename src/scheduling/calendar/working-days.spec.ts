import { calendarDay, describeDay, isWorkingDay, isYearCovered } from './working-days';

/**
 * The years the product relies on, checked against the State Council's notices
 * (国务院办公厅关于2021年部分节假日安排的通知, 国办发明电〔2020〕27号).
 */
describe('working-day calendar (chinese-days, mainland China)', () => {
  it.each([
    ['2021-04-03', 'holiday', '清明'],
    ['2021-04-04', 'holiday', '清明'],
    ['2021-04-05', 'holiday', '清明'],
    ['2021-05-01', 'holiday', '劳动节'],
    ['2021-05-03', 'holiday', '劳动节'],
    ['2021-05-05', 'holiday', '劳动节'],
    ['2021-06-14', 'holiday', '端午'],
    ['2021-09-19', 'holiday', '中秋'],
    ['2021-09-21', 'holiday', '中秋'],
    ['2021-10-07', 'holiday', '国庆节'],
  ])('%s is a public holiday (%s %s)', (date, kind, holiday) => {
    expect(calendarDay(date)).toEqual({ date, working: false, kind, holiday });
  });

  it.each([
    ['2021-04-25', '劳动节'],
    ['2021-05-08', '劳动节'],
    ['2021-02-07', '春节'],
    ['2021-02-20', '春节'],
    ['2021-09-18', '中秋'],
    ['2021-09-26', '国庆节'],
    ['2021-10-09', '国庆节'],
  ])('%s is a weekend day worked in exchange (调休上班, %s)', (date, holiday) => {
    expect(calendarDay(date)).toEqual({ date, working: true, kind: 'adjusted-workday', holiday });
  });

  it('ordinary weekends are off and ordinary weekdays are working days', () => {
    expect(calendarDay('2021-04-10')).toEqual({ date: '2021-04-10', working: false, kind: 'weekend' });
    expect(calendarDay('2021-04-11').kind).toBe('weekend');
    expect(calendarDay('2021-04-12')).toEqual({ date: '2021-04-12', working: true, kind: 'workday' });
    expect(isWorkingDay('2021-04-06')).toBe(true);
    expect(isWorkingDay('2021-05-06')).toBe(true);
  });

  it('every seeded April 2021 session day is a working day', () => {
    for (const d of ['2021-04-12', '2021-04-13', '2021-04-19', '2021-04-20', '2021-04-26', '2021-04-27']) expect(isWorkingDay(d)).toBe(true);
  });

  it('May 2021 has 19 working days (31 days − 10 weekend days − 3 weekday holidays 5/3–5/5 + Saturday 5/8 worked)', () => {
    const days = Array.from({ length: 31 }, (_, i) => `2021-05-${String(i + 1).padStart(2, '0')}`);
    expect(days.filter(isWorkingDay)).toHaveLength(19);
  });

  it('knows which years it has holiday data for', () => {
    expect(isYearCovered(2021)).toBe(true);
    expect(isYearCovered(2003)).toBe(false);
    expect(isYearCovered(2099)).toBe(false);
  });

  it('describes a day in Chinese for messages', () => {
    expect(describeDay('2021-04-10')).toBe('2021年4月10日（星期六，周末）');
    expect(describeDay('2021-04-05')).toBe('2021年4月5日（星期一，清明假期）');
    expect(describeDay('2021-05-08')).toBe('2021年5月8日（星期六，劳动节调休上班日）');
  });

  it("does not depend on the process's time zone (chinese-days' own functions are a day early west of UTC)", () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect([calendarDay('2021-04-12').kind, calendarDay('2021-04-10').kind, calendarDay('2021-05-08').kind, calendarDay('2021-04-05').kind]).toEqual(['workday', 'weekend', 'adjusted-workday', 'holiday']);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('refuses a date that does not exist', () => {
    expect(() => calendarDay('2021-02-30')).toThrow(RangeError);
  });
});
