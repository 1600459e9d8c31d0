import fc from 'fast-check';
import { DomainError } from '../../common/domain-error';
import { addDays, isWorkingDay, weekdayOf } from '../calendar/working-days';
import { proposeSchedule, ProposalRequest } from './propose-dates';

const MAY: ProposalRequest = { from: '2021-05-01', to: '2021-05-31', sessions: 2, daysPerSession: 2, minGapDays: 1 };

describe('proposeSchedule (consecutive working days, mainland China)', () => {
  it('May 2021: skips the May Day holidays 5/1–5/5 and counts Saturday 5/8 (调休) as a working day', () => {
    expect(proposeSchedule(MAY)).toEqual([
      { firstDay: '2021-05-06', days: ['2021-05-06', '2021-05-07'] },
      // 5/8 is the one working day of the gap, 5/9 is Sunday.
      { firstDay: '2021-05-10', days: ['2021-05-10', '2021-05-11'] },
    ]);
  });

  it('uses the adjusted Saturday inside a session when it is the earliest fit', () => {
    expect(proposeSchedule({ ...MAY, from: '2021-05-07', sessions: 1 })).toEqual([{ firstDay: '2021-05-07', days: ['2021-05-07', '2021-05-08'] }]);
  });

  it('April 2021: never puts a day on Qingming (4/3–4/5) or a weekend', () => {
    const plan = proposeSchedule({ from: '2021-04-01', to: '2021-04-30', sessions: 3, daysPerSession: 2, minGapDays: 3 });
    // 4/1–4/2; gap 4/6–4/8 (4/3–4/5 Qingming); 4/9 + 4/10 (Sat) does not fit, so 4/12–4/13; gap 14–16; 4/19–4/20.
    expect(plan.map((s) => s.firstDay)).toEqual(['2021-04-01', '2021-04-12', '2021-04-19']);
  });

  it('avoids the weekdays asked and starts no earlier than notBefore', () => {
    const plan = proposeSchedule({ ...MAY, avoidWeekdays: [1], notBefore: '2021-05-10' });
    // 5/10 is a Monday; 5/11–5/12; gap 5/13; 5/14 + 5/15 (Sat) does not fit; 5/17 Monday; 5/18–5/19.
    expect(plan.map((s) => s.firstDay)).toEqual(['2021-05-11', '2021-05-18']);
    expect(plan.flatMap((s) => s.days).some((d) => weekdayOf(d) === 1)).toBe(false);
  });

  it('skips taken days (a venue already booked)', () => {
    const plan = proposeSchedule({ ...MAY, sessions: 1, taken: new Set(['2021-05-07']) });
    // 5/6 + 5/7 and 5/7 + 5/8 touch the taken day; 5/8 + 5/9 (Sun) is not all working days.
    expect(plan).toEqual([{ firstDay: '2021-05-10', days: ['2021-05-10', '2021-05-11'] }]);
  });

  it('a range too short for the sessions asked: a Chinese message naming how many fit', () => {
    expect(() => proposeSchedule({ ...MAY, from: '2021-05-01', to: '2021-05-07', sessions: 2 })).toThrow(/排不下 2 期.*只能排下 1 期/);
  });

  it.each([
    [{ sessions: 0 }, /期数/],
    [{ daysPerSession: 0 }, /每期天数/],
    [{ daysPerSession: -2 }, /每期天数/],
    [{ minGapDays: -1 }, /间隔/],
    [{ from: '2021-06-01' }, /开始日期不能晚于/],
    [{ to: '2021-02-30' }, /有效的起止日期/],
    [{ from: '2099-01-01', to: '2099-01-31' }, /尚无 2099 年/],
    [{ avoidWeekdays: [8] }, /星期/],
  ])('refuses bad input %j', (patch, message) => {
    let error: unknown;
    try {
      proposeSchedule({ ...MAY, ...patch });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    expect((error as Error).message).toMatch(message);
  });

  it('property: every proposed day is a working day in range, sessions are consecutive and gaps are kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 330 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 5 }), (offset, sessions, days, gap) => {
        const from = addDays('2021-01-01', offset);
        const to = addDays(from, 34);
        let plan;
        try {
          plan = proposeSchedule({ from, to, sessions, daysPerSession: days, minGapDays: gap });
        } catch (e) {
          return e instanceof DomainError;
        }
        expect(plan).toHaveLength(sessions);
        plan.forEach((s, i) => {
          expect(s.days.every((d) => isWorkingDay(d) && d >= from && d <= to)).toBe(true);
          s.days.forEach((d, j) => expect(d).toBe(addDays(s.firstDay, j)));
          if (i > 0) {
            let between = 0;
            for (let d = addDays(plan[i - 1].days.at(-1)!, 1); d < s.firstDay; d = addDays(d, 1)) if (isWorkingDay(d)) between++;
            expect(between).toBeGreaterThanOrEqual(gap);
          }
        });
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
