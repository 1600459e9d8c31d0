import { checkSessionSchedule, PlannedSession, ScheduleContext } from './session-schedule';

const session = (over: Partial<PlannedSession> = {}): PlannedSession => ({
  title: '第一期',
  firstDay: '2021-05-06',
  dayCount: 2,
  dailyStart: '09:00',
  dailyEnd: '17:00',
  venueId: 1,
  capacity: 60,
  ...over,
});
const ctx = (over: Partial<ScheduleContext> = {}): ScheduleContext => ({
  runId: 2,
  registrationDeadline: new Date('2021-04-30T09:00:00Z'),
  others: [],
  venue: { id: 1, name: '培训中心', capacity: 80 },
  ...over,
});
const codes = (s: PlannedSession, c: ScheduleContext) => checkSessionSchedule(s, c).map((p) => p.code);

describe('checkSessionSchedule (issue 12)', () => {
  it('accepts two working days after the deadline at a free venue', () => {
    expect(checkSessionSchedule(session(), ctx())).toEqual([]);
  });

  it('accepts the adjusted working Saturday 2021-05-08 (调休)', () => {
    expect(codes(session({ firstDay: '2021-05-07' }), ctx())).toEqual([]);
  });

  it('refuses a Saturday (2021-04-10) and the Qingming holiday (2021-04-05), naming the days', () => {
    const early = ctx({ registrationDeadline: new Date('2021-03-31T09:00:00Z') });
    const saturday = checkSessionSchedule(session({ firstDay: '2021-04-09' }), early);
    expect(saturday.map((p) => p.code)).toEqual(['NON_WORKING_DAY']);
    expect(saturday[0].message).toContain('2021年4月10日（星期六，周末）');
    const qingming = checkSessionSchedule(session({ firstDay: '2021-04-05' }), early);
    expect(qingming[0].message).toContain('2021年4月5日（星期一，清明假期）');
  });

  it('refuses a start before the registration deadline (2021-04-05 before 4/7 17:00)', () => {
    const april = ctx({ registrationDeadline: new Date('2021-04-07T09:00:00Z') });
    expect(codes(session({ firstDay: '2021-04-06' }), april)).toEqual(['BEFORE_DEADLINE']);
    expect(codes(session({ firstDay: '2021-04-05' }), april)).toEqual(['NON_WORKING_DAY', 'BEFORE_DEADLINE']);
  });

  it('refuses overlapping another session of the run, but not itself', () => {
    const others = [{ id: 7, title: '第二期', firstDay: '2021-05-07', dayCount: 2, venueId: 2, runId: 2 }];
    expect(codes(session(), ctx({ others }))).toEqual(['RUN_OVERLAP']);
    expect(codes(session({ id: 7 }), ctx({ others }))).toEqual([]);
  });

  it('refuses a venue already holding a session (of any run) on one of the days', () => {
    const others = [{ id: 9, title: '四月班第三期', firstDay: '2021-05-07', dayCount: 1, venueId: 1, runId: 1 }];
    expect(codes(session(), ctx({ others }))).toEqual(['VENUE_DAY_TAKEN']);
    expect(codes(session({ venueId: 3 }), ctx({ others, venue: null }))).toEqual([]);
  });

  it('never lets a session seat more than its venue (not overridable)', () => {
    const [problem] = checkSessionSchedule(session({ capacity: 81 }), ctx());
    expect(problem).toMatchObject({ code: 'VENUE_CAPACITY', overridable: false });
    expect(codes(session({ capacity: 80 }), ctx())).toEqual([]);
  });

  it('cannot vouch for a year the calendar has no holidays for', () => {
    expect(codes(session({ firstDay: '2099-05-06' }), ctx())).toEqual(['YEAR_NOT_COVERED']);
  });
});
