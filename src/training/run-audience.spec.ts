import { inAudience, readAudience, writeAudience } from './run-audience';

describe('run audience (issue 12)', () => {
  const director = { id: 7, postKind: 'office_director' as const, districtId: 3 };
  it('by post and district', () => {
    const run = writeAudience({ posts: ['office_director'], districtIds: [1, 3], participantIds: [] });
    expect(inAudience(run, director)).toBe(true);
    expect(inAudience(run, { ...director, districtId: 2 })).toBe(false);
    expect(inAudience(run, { ...director, postKind: 'promotion_section_head' })).toBe(false);
  });
  it('every district when none is chosen; the defaults are the whole plan audience', () => {
    expect(inAudience({}, director)).toBe(true);
    expect(readAudience({})).toEqual({ posts: ['office_director', 'promotion_section_head', 'secretariat_section_head'], districtIds: [], participantIds: [] });
  });
  it('an imported list is exactly its people', () => {
    const run = writeAudience({ posts: ['office_director'], districtIds: [], participantIds: [9, 7, 7] });
    expect(run.audienceParticipantIds).toBe('7,9');
    expect(inAudience(run, director)).toBe(true);
    expect(inAudience(run, { ...director, id: 8 })).toBe(false);
  });
});
