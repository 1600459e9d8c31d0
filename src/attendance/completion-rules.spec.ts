import { completionOf } from './completion-rules';

describe('completion rule (issue 11, item 6)', () => {
  it('both days attended, on time or late, is complete', () => {
    expect(completionOf(['present', 'late'], false, true)).toBe('complete');
  });

  it('a missing or absent day is not complete', () => {
    expect(completionOf(['present', null], true, true)).toBe('incomplete');
    expect(completionOf(['absent', 'present'], true, true)).toBe('incomplete');
  });

  it('one approved day of leave counts only when the run says so', () => {
    expect(completionOf(['leave', 'present'], true, true)).toBe('complete');
    expect(completionOf(['leave', 'present'], false, true)).toBe('incomplete');
  });

  it('two days of leave never count', () => {
    expect(completionOf(['leave', 'leave'], true, true)).toBe('incomplete');
  });

  it('is pending until the session has ended', () => {
    expect(completionOf(['present', 'present'], false, false)).toBe('pending');
  });
});
