import { edit, hire, input, person, state, TODAY } from '../../../test/factories/staffing-facts';
import { checkNewHireEducation, isNewlyHired } from './task-17-new-hire-education';

const rules = (changes: Parameters<typeof input>[1], policy?: Parameters<typeof input>[4]) => checkNewHireEducation(input(state([]), changes, {}, TODAY, policy));
const newHire = (over = {}) => person({ name: '赵六', newlyHired: true, hiredOn: '2021-03-01', startDate: '2021-03-01', ...over });

describe(checkNewHireEducation.name, () => {
  it('task 17 "新招录的司法所正式在编工作人员应具备大学本科以上文化程度": a new hire with 大学专科 is refused, the plan quoted whole', () => {
    const [v] = rules([hire(newHire({ education: 'associate' }))]);
    expect(v).toMatchObject({ rule: 'TASK_17_NEW_HIRE_EDUCATION', severity: 'hard' });
    expect(v.message).toBe('任务17：新招录的司法所正式在编工作人员应具备大学本科以上文化程度。赵六（南京东路街道司法所，2021年3月1日录用）学历为大学专科。');
  });

  it('task 17: 中专 is shown as 中专 and refused', () => {
    expect(rules([hire(newHire({ education: 'technical_secondary' }))])[0].message).toContain('学历为中专');
  });

  it.each(['bachelor', 'master', 'doctorate'] as const)('task 17: %s is enough (本科以上 includes 本科)', (education) => {
    expect(rules([hire(newHire({ education }))])).toEqual([]);
  });

  it('task 17: the hire record decides — hired on the effective date is new, the day before is not (flag matching)', () => {
    expect(isNewlyHired(person({ hiredOn: '2021-02-09' }))).toBe(true);
    expect(isNewlyHired(person({ hiredOn: '2021-02-08', newlyHired: true }))).toBe(false);
    expect(rules([hire(newHire({ hiredOn: '2021-02-09', startDate: '2021-02-09', education: 'associate' }))])).toHaveLength(1);
    expect(rules([hire(person({ hiredOn: '2021-02-08', startDate: '2021-02-08', education: 'associate' }))])).toEqual([]);
  });

  it('task 17: a permanent staff member joining an office on or after the effective date without a hire date is asked for it; the cut-off is in the message', () => {
    const [v] = rules([hire(person({ name: '钱七', startDate: '2021-02-09' }))]);
    expect(v).toMatchObject({ rule: 'TASK_17_HIRE_RECORD', severity: 'hard' });
    expect(v.message).toBe('任务17：钱七自2021年2月9日起为南京东路街道司法所正式在编人员，请填写录用日期：2021年2月9日起录用的为新招录人员，应具备大学本科以上文化程度。');
    expect(rules([hire(person({ startDate: '2021-02-08' }))])).toEqual([]);
    const bureau = person({ unitKind: 'district_bureau', officeId: null, startDate: '2015-01-01' });
    expect(rules([edit(bureau, { unitKind: 'office', officeId: 1, startDate: '2021-04-01' })])).toHaveLength(1);
  });

  it('task 17: the cut-off is configurable per deployment and shown as configured', () => {
    const policy = { effectiveDate: '2021-07-01', certificateWindowStart: '2021-02-09' };
    expect(rules([hire(person({ startDate: '2021-04-01' }))], policy)).toEqual([]);
    expect(rules([hire(person({ startDate: '2021-07-01' }))], policy)[0].message).toContain('2021年7月1日起录用的为新招录人员');
  });

  it('task 17: flag and dates that contradict each other are refused, one message each', () => {
    expect(rules([hire(newHire({ hiredOn: '2020-09-01', startDate: '2020-09-01' }))])[0].message).toBe('任务17：赵六标记为新招录，但录用日期2020年9月1日早于2021年2月9日（新招录自该日起计），请核对。');
    expect(rules([hire(newHire({ newlyHired: false }))])[0].message).toBe('任务17：赵六录用日期为2021年3月1日，按2021年2月9日起录用的为新招录人员，但未标记为新招录，请核对。');
    expect(rules([hire(newHire({ hiredOn: '2021-05-01' }))])[0].message).toBe('任务17：赵六的录用日期2021年5月1日晚于任现职日期2021年3月1日，请核对。');
    expect(rules([hire(newHire({ hiredOn: null, startDate: '2019-01-01' }))])[0].rule).toBe('TASK_17_HIRE_RECORD');
  });

  it('task 17: auxiliaries, long-serving staff and bureau cadres are not concerned', () => {
    const changes = [
      hire(newHire({ education: 'associate', employment: 'auxiliary', position: 'auxiliary' })),
      hire(person({ education: 'associate' })),
      hire(newHire({ education: 'associate', unitKind: 'district_bureau', officeId: null })),
    ];
    expect(rules(changes)).toEqual([]);
  });

  it('task 17: editing a new hire down to 大学专科 is refused as well', () => {
    const p = newHire();
    expect(checkNewHireEducation(input(state([p]), [edit(p, { education: 'associate' })]))).toHaveLength(1);
  });
});
