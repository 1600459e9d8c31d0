import { add, bureauCadre, hire, input, person, rotationIn, rotationOut, state, team } from '../../../test/factories/staffing-facts';
import { checkChange } from './check-change';

describe(checkChange.name, () => {
  it('returns every rule a refused change breaks (tasks 12, 13 and overlap together)', () => {
    const dedicated = person({ name: '王五', postType: 'dedicated', certificateHeld: true });
    const before = state([dedicated, ...team(3)], [rotationOut(dedicated.id, { startDate: '2021-01-01', endDate: '2021-04-15' })]);
    const result = checkChange(input(before, [add(rotationOut(dedicated.id, { startDate: '2021-04-10' }))]));
    expect(result.allowed).toBe(false);
    expect(result.blocking.map((v) => v.rule)).toEqual(['ASSIGNMENT_OVERLAP', 'TASK_13_DEDICATED_POST_APPROVAL', 'TASK_12_POSTS_FILLED']);
    expect(result.reports.map((v) => v.rule)).toContain('TASK_18_OFFICE_CERTIFICATE_HOLDER');
  });

  it('tasks 15, 17 and 18 on one new record: every broken rule listed once', () => {
    const p = person({ position: 'director', startDate: '2021-03-01', newlyHired: true, hiredOn: '2021-03-01', education: 'associate' });
    const proposal = { districtId: 1, date: '2021-02-20' };
    expect(checkChange(input(state(team(4)), [hire(p, proposal)])).blocking.map((v) => v.rule)).toEqual(['TASK_17_NEW_HIRE_EDUCATION', 'TASK_18_NEW_LEADER_CERTIFICATE']);
    const sitting = person({ position: 'director', certificateHeld: true, certificateDate: '2014-01-01' });
    expect(checkChange(input(state([sitting, ...team(4)]), [hire({ ...p, hiredOn: null })])).blocking.map((v) => v.rule)).toEqual([
      'TASK_15_ONE_DIRECTOR', 'TASK_15_PROPOSAL', 'TASK_17_HIRE_RECORD', 'TASK_18_NEW_LEADER_CERTIFICATE',
    ]);
  });

  it('needs-reason findings disappear once the reasons are recorded; reports never block', () => {
    const cadre = bureauCadre({ unitKind: 'subdistrict_town_gov', unitName: '街道办' });
    const people = [cadre, ...team(4, { certificateHeld: true })];
    const change = [add(rotationIn(cadre.id))];
    expect(checkChange(input(state(people), change)).blocking.map((v) => v.rule)).toEqual(['TASK_21_ROTATION_QUALIFICATION']);
    const result = checkChange(input(state(people), change, { qualification: '从事调解工作十年' }));
    expect(result).toMatchObject({ allowed: true, blocking: [] });
  });
});
