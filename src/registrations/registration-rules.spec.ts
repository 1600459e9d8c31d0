import { DomainError } from '../common/domain-error';
import { checkParticipantMayAct, checkPreferences, RunForRules } from './registration-rules';

const run = (over: Partial<RunForRules> = {}): RunForRules => ({
  status: 'open',
  registrationDeadline: new Date('2021-04-07T09:00:00Z'),
  sessions: [
    { id: 1, status: 'scheduled', title: '第一期' },
    { id: 2, status: 'scheduled', title: '第二期' },
    { id: 3, status: 'cancelled', title: '第三期' },
  ],
  ...over,
});

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'none';
};

describe(checkPreferences.name, () => {
  it('keeps a valid ranking in order', () => {
    expect(checkPreferences(run(), [2, 1])).toEqual([2, 1]);
  });
  it.each([
    [[], 'VALIDATION_FAILED'],
    [[1, 1], 'VALIDATION_FAILED'],
    [[1, 2, 1, 2], 'VALIDATION_FAILED'],
    [[9], 'SESSION_NOT_IN_RUN'],
    [[3], 'SESSION_CANCELLED'],
  ])('refuses %j with %s', (ids, code) => {
    expect(codeOf(() => checkPreferences(run(), ids))).toBe(code);
  });
});

describe(checkParticipantMayAct.name, () => {
  const before = new Date('2021-04-07T08:59:59Z');
  const after = new Date('2021-04-07T09:00:01Z');
  it('lets participants act while open and before the deadline', () => {
    expect(codeOf(() => checkParticipantMayAct(run(), before))).toBe('none');
  });
  it('refuses before opening, after closing and after the deadline', () => {
    expect(codeOf(() => checkParticipantMayAct(run({ status: 'draft' }), before))).toBe('REGISTRATION_NOT_OPEN');
    expect(codeOf(() => checkParticipantMayAct(run({ status: 'closed' }), before))).toBe('REGISTRATION_CLOSED');
    expect(codeOf(() => checkParticipantMayAct(run(), after))).toBe('REGISTRATION_CLOSED');
  });
  it('refuses an archived run, and an open run before its registration opening (issue 12)', () => {
    expect(codeOf(() => checkParticipantMayAct(run({ status: 'archived' }), before))).toBe('REGISTRATION_CLOSED');
    const opensAt = new Date('2021-04-01T00:00:00Z');
    expect(codeOf(() => checkParticipantMayAct(run({ registrationOpensAt: opensAt }), new Date('2021-03-31T23:59:59Z')))).toBe('REGISTRATION_NOT_OPEN');
    expect(codeOf(() => checkParticipantMayAct(run({ registrationOpensAt: opensAt }), opensAt))).toBe('none');
  });
  it('says the deadline in Shanghai time', () => {
    expect(() => checkParticipantMayAct(run(), after)).toThrow('2021年4月7日（星期三）17:00');
  });
});
