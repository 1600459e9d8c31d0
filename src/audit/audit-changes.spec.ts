import { describeChanges, parseState, sessionIdsIn } from './audit-changes';

describe('audit before → after in Chinese (issue 13, item 2)', () => {
  const titles: Record<number, string> = { 3: '第一期', 4: '第二期' };
  const title = (id: number) => titles[id] ?? `期次 ${id}`;

  it('lists only the changed fields, with Chinese names and session titles instead of ids', () => {
    const before = parseState('{"id":112,"status":"confirmed","sessionId":3,"preferences":[3,4],"pinnedSessionId":null}');
    const after = parseState('{"id":112,"status":"waitlisted","sessionId":4,"preferences":[3,4],"pinnedSessionId":null}');
    expect(describeChanges(before, after, title)).toEqual([
      { field: '状态', before: '已确认', after: '候补' },
      { field: '期次', before: '第一期', after: '第二期' },
    ]);
  });

  it('a field only on one side is shown as empty on the other', () => {
    expect(describeChanges({}, { mobile: '13900000001' }, title)).toEqual([{ field: '手机', before: '（空）', after: '13900000001' }]);
  });

  it('collects the session ids to name', () => {
    expect(sessionIdsIn([{ sessionId: 3, preferences: [4, 5] }, { pinnedSessionId: 6 }]).sort()).toEqual([3, 4, 5, 6]);
  });

  it('keeps unparseable text as a value', () => {
    expect(parseState('not json')).toEqual({ value: 'not json' });
  });
});
