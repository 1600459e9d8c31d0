import { add, bureauCadre, certified, edit, hire, input, person, rotationIn, rotationOut, state, team } from '../../../test/factories/staffing-facts';
import { checkAppointmentProposal, checkOneDirector } from './task-15-director';

const proposal = { districtId: 1, date: '2021-03-15' };

describe(checkOneDirector.name, () => {
  const director = certified({ name: '周所长', position: 'director' });
  const before = state([director, ...team(4)]);

  it('task 15 "设所长1人": a second director is refused, naming both; the plan quoted whole', () => {
    const [v] = checkOneDirector(input(before, [hire(certified({ name: '吴新', position: 'director', startDate: '2021-04-01' }))]));
    expect(v).toMatchObject({ rule: 'TASK_15_ONE_DIRECTOR', severity: 'hard', subjects: [{ type: 'office', id: 1 }] });
    expect(v.message).toBe('任务15：司法所实行所长负责制，设所长1人，根据工作需要可设副所长。南京东路街道司法所自2021年4月1日起将有2名所长（周所长、吴新），请先免去原所长或改任副所长。');
  });

  it('task 15: deputies as needed; a director rotated in counts as a director', () => {
    const deputies = [hire(certified({ position: 'deputy_director' })), hire(certified({ position: 'deputy_director' }))];
    expect(checkOneDirector(input(before, deputies))).toEqual([]);
    const cadre = bureauCadre({ certificateHeld: true });
    expect(checkOneDirector(input(state([director, cadre]), [add(rotationIn(cadre.id, { incomingPosition: 'director' }))]))).toHaveLength(1);
  });

  it('task 15: a successor taking over the day the director rotates out, or after the director is demoted, passes', () => {
    const deputy = certified({ position: 'deputy_director' });
    const s = state([director, deputy]);
    const changes = [add(rotationOut(director.id, { startDate: '2021-04-01' })), edit(deputy, { position: 'director', startDate: '2021-04-01' })];
    expect(checkOneDirector(input(s, changes))).toEqual([]);
    expect(checkOneDirector(input(s, [edit(director, { position: 'deputy_director' }), edit(deputy, { position: 'director' })]))).toEqual([]);
    expect(checkOneDirector(input(s, [edit(deputy, { position: 'director', startDate: '2021-04-01' })]))).toHaveLength(1);
    const temporary = [add(rotationOut(director.id, { startDate: '2021-04-01', endDate: '2023-03-31' })), edit(deputy, { position: 'director', startDate: '2021-04-01' })];
    expect(checkOneDirector(input(s, temporary))).toEqual([]);
  });
});

describe(checkAppointmentProposal.name, () => {
  it('task 15 "…人事任免、调动由区司法局提出建议": appointing a deputy without the proposal is refused', () => {
    const p = person({ name: '郑九' });
    const [v] = checkAppointmentProposal(input(state([p]), [edit(p, { position: 'deputy_director' })]));
    expect(v).toMatchObject({ rule: 'TASK_15_PROPOSAL', severity: 'hard' });
    expect(v.message).toBe('任务15：司法所所长、副所长和正式在编人员的人事任免、调动由区司法局提出建议。郑九任南京东路街道司法所副所长，请填写提出建议的区司法局和建议日期。');
  });

  it('task 15: the office’s own district bureau’s proposal passes; another district’s is refused', () => {
    const p = person();
    expect(checkAppointmentProposal(input(state([p]), [edit(p, { position: 'director' }, null, proposal)]))).toEqual([]);
    const [v] = checkAppointmentProposal(input(state([p]), [edit(p, { position: 'director' }, null, { districtId: 2, date: '2021-03-15' })]));
    expect(v.message).toContain('应由黄浦区司法局提出建议，而非徐汇区司法局');
  });

  it('task 15: formal staff joining or leaving an office need it; a record of someone on post before the effective date, auxiliaries and other edits do not', () => {
    expect(checkAppointmentProposal(input(state([]), [hire(person({ startDate: '2021-02-09' }))]))).toHaveLength(1);
    expect(checkAppointmentProposal(input(state([]), [hire(person({ startDate: '2021-02-08' }))]))).toEqual([]);
    const p = person();
    expect(checkAppointmentProposal(input(state([p]), [edit(p, { unitKind: 'district_bureau', officeId: null })]))[0].message).toContain('调离南京东路街道司法所');
    expect(checkAppointmentProposal(input(state([p]), [edit(p, { employment: 'auxiliary', position: 'auxiliary' })]))[0].message).toContain('不再为南京东路街道司法所正式在编人员');
    expect(checkAppointmentProposal(input(state([]), [hire(person({ employment: 'auxiliary', position: 'auxiliary', startDate: '2021-04-01' }))]))).toEqual([]);
    expect(checkAppointmentProposal(input(state([p]), [edit(p, { education: 'master', certificateHeld: true })]))).toEqual([]);
  });
});
