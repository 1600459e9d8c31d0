import { courseTitle } from './completion.controller';

describe('courseTitle (the course a certificate names)', () => {
  it('names the session alone when its title already starts with the run title', () => {
    expect(courseTitle('全市司法所长培训班', '全市司法所长培训班（第一期）')).toBe('全市司法所长培训班（第一期）');
  });
  it('names run and session otherwise', () => {
    expect(courseTitle('全市司法所长培训班', '第一期')).toBe('全市司法所长培训班（第一期）');
  });
});
