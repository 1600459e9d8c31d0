import { edit, hire, input, person, state } from '../../../test/factories/staffing-facts';
import { checkNewHireEducation, isNewlyHired } from './task-17-new-hire-education';

describe(checkNewHireEducation.name, () => {
  it('task 17: a newly hired permanent office staff member with a 大专 diploma is refused', () => {
    const [v] = checkNewHireEducation(input(state([]), [hire(person({ name: '赵六', newlyHired: true, education: 'associate' }))]));
    expect(v).toMatchObject({ rule: 'TASK_17_NEW_HIRE_EDUCATION', severity: 'hard' });
    expect(v.message).toBe('任务17：赵六为南京东路街道司法所新招录的正式在编工作人员，学历为大专，应具备大学本科以上文化程度。');
  });

  it.each(['bachelor', 'master', 'doctorate'] as const)('task 17: %s is enough (本科以上 includes 本科)', (education) => {
    expect(checkNewHireEducation(input(state([]), [hire(person({ newlyHired: true, education }))]))).toEqual([]);
  });

  it('task 17: a hire date on or after the plan (2021-02-09) makes a person newly hired', () => {
    expect(isNewlyHired(person({ hiredOn: '2021-02-09' }))).toBe(true);
    expect(isNewlyHired(person({ hiredOn: '2021-02-08' }))).toBe(false);
    expect(checkNewHireEducation(input(state([]), [hire(person({ hiredOn: '2021-03-01', education: 'high_school_or_below' }))]))).toHaveLength(1);
  });

  it('task 17: auxiliaries, long-serving staff and bureau cadres are not concerned', () => {
    const changes = [
      hire(person({ newlyHired: true, education: 'associate', employment: 'auxiliary', position: 'auxiliary' })),
      hire(person({ education: 'associate' })),
      hire(person({ newlyHired: true, education: 'associate', unitKind: 'district_bureau', officeId: null })),
    ];
    expect(checkNewHireEducation(input(state([]), changes))).toEqual([]);
  });

  it('task 17: editing a newly hired person down to 大专 is refused as well', () => {
    const p = person({ newlyHired: true });
    expect(checkNewHireEducation(input(state([p]), [edit(p, { education: 'associate' })]))).toHaveLength(1);
  });
});
