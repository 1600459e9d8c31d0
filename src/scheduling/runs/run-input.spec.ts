import { isContactPhone, readRunContact, readRunForm } from './run-input';

const FORM = {
  title: '全市司法所长培训班（五月）',
  topics: '基层法治建设\r\n司法所定位',
  division: '市局促进法治处',
  registrationOpensAt: '',
  registrationDeadline: '2021-04-30T17:00',
  plannedSessions: '2',
  daysPerSession: '2',
  dailyStart: '09:00',
  dailyEnd: '17:00',
  sessionCapacity: '60',
  defaultVenueId: '',
  audiencePosts: 'office_director',
  audienceDistricts: ['1', '2', '3'],
};

describe('readRunForm', () => {
  it('reads a complete form; the deadline is Shanghai time', () => {
    const { input, errors } = readRunForm(FORM);
    expect(errors).toBeUndefined();
    expect(input.registrationDeadline.toISOString()).toBe('2021-04-30T09:00:00.000Z');
    expect(input.topics).toBe('基层法治建设\n司法所定位');
    expect(input.audience).toEqual({ posts: ['office_director'], districtIds: [1, 2, 3], participantIds: [] });
    expect(input.defaultVenueId).toBeNull();
  });

  it.each([
    ['daysPerSession', '0', /每期天数/],
    ['daysPerSession', '-1', /每期天数/],
    ['sessionCapacity', '0', /容量/],
    ['sessionCapacity', '-5', /容量/],
    ['plannedSessions', 'two', /期数/],
    ['registrationDeadline', '2021-02-30T17:00', /截止/],
    ['dailyEnd', '08:00', /晚于开始/],
    ['title', '', /名称/],
    ['audiencePosts', 'mayor', /岗位/],
  ])('refuses %s = %j in Chinese', (field, value, message) => {
    const { errors } = readRunForm({ ...FORM, [field]: value });
    expect(errors?.[field]).toMatch(message);
  });

  it('refuses an opening after the deadline', () => {
    expect(readRunForm({ ...FORM, registrationOpensAt: '2021-05-01T09:00' }).errors?.registrationOpensAt).toMatch(/早于/);
  });
});

describe('readRunContact (issue 13, item 7)', () => {
  it('keeps a name and a phone without spaces; refuses a bad phone and a phone without a name', () => {
    const errors: Record<string, string> = {};
    expect(readRunContact({ contactName: ' 王老师 ', contactPhone: '139 0000 1234' }, errors)).toEqual({ contactName: '王老师', contactPhone: '13900001234' });
    expect(readRunContact({ contactName: '', contactPhone: '' }, errors)).toEqual({ contactName: null, contactPhone: null });
    expect(errors).toEqual({});
    const bad: Record<string, string> = {};
    readRunContact({ contactPhone: '021-123' }, bad);
    expect(Object.keys(bad).sort()).toEqual(['contactName', 'contactPhone']);
    expect(isContactPhone('021-62751234-801')).toBe(true);
    expect(isContactPhone('23900001234')).toBe(false);
  });
});
