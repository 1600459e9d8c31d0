import { districtHeatMap, registrationsOverTime, seatLoadChart } from './charts';

describe('overview charts as SVG (issue 13, item 3)', () => {
  it('draws one bar per session with its figures written out, and escapes titles', () => {
    const svg = seatLoadChart([{ title: '一 <A&B>', confirmed: 90, capacity: 90, waiting: 5 }, { title: '第二期', confirmed: 40, capacity: 90, waiting: 0 }]);
    expect(svg).toContain('一 &lt;A&amp;B&gt;');
    expect(svg).toContain('90/90 +5候补');
    expect(svg).toContain('40/90');
    expect(svg).toContain('fill="#991b1b"'); // the full session
    expect(svg).not.toMatch(/style=|<script/);
  });

  it('the heat map writes every count and shades by share of the largest', () => {
    const svg = districtHeatMap(['一', '二'], [{ name: '黄浦区', counts: [0, 8] }, { name: '徐汇区', counts: [4, 2] }]);
    expect((svg.match(/<rect /g) ?? []).length).toBe(4);
    expect(svg).toMatch(/fill="#ffffff" stroke="#d1d5db"\/><text[^>]*>0</);
    expect(svg).toMatch(/fill="#1e3a8a" stroke="#d1d5db"\/><text[^>]*fill="#ffffff">8</);
  });

  it('the time chart accumulates and marks the deadline day', () => {
    const svg = registrationsOverTime([{ day: '2021-03-22', n: 3 }, { day: '2021-03-23', n: 2 }, { day: '2021-03-26', n: 0 }], '2021-03-26');
    expect(svg).toContain('共报名 5 人次');
    expect(svg).toContain('报名截止');
    expect(svg).toMatch(/<polyline points="[\d., ]+"/);
  });
});

describe('shortTitle', () => {
  it('keeps the 第…期 part of a long session title', () => {
    const { shortTitle } = jest.requireActual('./charts');
    expect(shortTitle('全市司法所长培训班（第二期）')).toBe('第二期');
    expect(shortTitle('一个很长很长很长的期次名称')).toBe('一个很长很长很长的…');
  });
});

describe('attendanceChart', () => {
  it('writes signed-in of confirmed per day and describes every day', () => {
    const { attendanceChart } = jest.requireActual('./charts');
    const svg = attendanceChart([{ label: '第一期 4月12日', confirmed: 90, signedIn: 80, leave: 6, absent: 4 }]);
    expect(svg).toContain('80/90');
    expect(svg).toContain('签到 80，请假 6，缺席 4，应到 90');
  });
});
