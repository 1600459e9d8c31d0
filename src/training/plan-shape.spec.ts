import { planShapeDepartures, planShapeWarning, ShapeSession } from './plan-shape';

const april: ShapeSession[] = [
  { id: 1, title: '第一期', firstDay: '2021-04-12', dayCount: 2, status: 'scheduled' },
  { id: 2, title: '第二期', firstDay: '2021-04-19', dayCount: 2, status: 'scheduled' },
  { id: 3, title: '第三期', firstDay: '2021-04-29', dayCount: 2, status: 'scheduled' },
];
const edit = (id: number, over: Partial<ShapeSession>) => april.map((s) => (s.id === id ? { ...s, ...over } : s));

describe(planShapeWarning.name, () => {
  it('step 二(二) "分3期、每期2天 … 2021年4月": the April run keeps the shape; moving a session within April is fine', () => {
    expect(planShapeDepartures(april)).toEqual([]);
    expect(planShapeWarning(april, edit(2, { firstDay: '2021-04-26' }))).toBeNull();
  });

  it('step 二(二): a session moved to May, or made 3 days long, is warned about, quoting the plan', () => {
    const may = planShapeWarning(april, edit(2, { firstDay: '2021-05-06' }));
    expect(may?.departures).toEqual(['第二期不在2021年4月内举办']);
    expect(may?.message).toContain('分批（分3期、每期2天）举办全市司法所长培训班');
    expect(planShapeWarning(april, edit(1, { dayCount: 3 }))?.departures).toEqual(['第一期为3天，方案为每期2天']);
    expect(planShapeWarning(april, edit(3, { firstDay: '2021-04-30' }))?.departures).toEqual(['第三期不在2021年4月内举办']);
  });

  it('step 二(二): a run that did not have the shape before is not the plan’s run', () => {
    const other = edit(1, { firstDay: '2022-03-01' });
    expect(planShapeWarning(other, edit(1, { firstDay: '2022-03-01', dayCount: 3 }))).toBeNull();
  });
});
