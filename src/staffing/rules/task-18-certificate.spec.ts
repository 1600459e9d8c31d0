import { add, bureauCadre, certified, edit, hire, input, office, person, rotationIn, rotationOut, state, team } from '../../../test/factories/staffing-facts';
import {
  certificateWindow, checkCertificateCoverage, checkNewLeaderCertificate, isNewLeaderAppointment, officesWithoutCertificateHolder,
} from './task-18-certificate';

describe(checkNewLeaderCertificate.name, () => {
  it('task 18 "新提任司法所所长、副所长应当具备法律职业资格证书": promoting a staff member without it is refused, saying how', () => {
    const p = person({ name: '钱七' });
    const [v] = checkNewLeaderCertificate(input(state([p]), [edit(p, { position: 'director', startDate: '2021-04-01' })]));
    expect(v).toMatchObject({ rule: 'TASK_18_NEW_LEADER_CERTIFICATE', severity: 'hard' });
    expect(v.message).toBe('任务18：新提任司法所所长、副所长应当具备法律职业资格证书。钱七自2021年4月1日起任南京东路街道司法所所长（由工作人员提任），未登记法律职业资格证书。');
  });

  it('task 18: a promotion is judged whatever start date is typed; a new record before the effective date is history', () => {
    const p = person();
    expect(checkNewLeaderCertificate(input(state([p]), [edit(p, { position: 'deputy_director', startDate: '2019-01-01' })]))).toHaveLength(1);
    expect(checkNewLeaderCertificate(input(state([]), [hire(person({ position: 'deputy_director', startDate: '2021-02-09' }))]))).toHaveLength(1);
    expect(checkNewLeaderCertificate(input(state([]), [hire(person({ position: 'deputy_director', startDate: '2021-02-08' }))]))).toEqual([]);
  });

  it('task 18: deputy → director is a promotion; director → deputy and a sitting director moving office are not', () => {
    const deputy = person({ position: 'deputy_director', startDate: '2018-01-01' });
    expect(isNewLeaderAppointment(deputy, { ...deputy, position: 'director' })).toBe(true);
    const director = person({ position: 'director', startDate: '2018-01-01' });
    expect(isNewLeaderAppointment(director, { ...director, position: 'deputy_director' })).toBe(false);
    expect(isNewLeaderAppointment(director, { ...director, officeId: 2, startDate: '2021-05-01' })).toBe(false);
    expect(isNewLeaderAppointment(director, { ...director, education: 'master' })).toBe(false);
  });

  it('task 18: moving an uncertified director’s start date does not get round the rule', () => {
    const late = person({ name: '孙八', position: 'director', startDate: '2021-05-01' });
    const [v] = checkNewLeaderCertificate(input(state([late]), [edit(late, { startDate: '2020-12-01' })]));
    expect(v.message).toContain('任现职日期由2021年5月1日改为2020年12月1日，仍按提任审查');
    const old = person({ position: 'director', startDate: '2018-01-01' });
    expect(checkNewLeaderCertificate(input(state([old]), [edit(old, { startDate: '2018-03-01' })]))).toEqual([]);
  });

  it('task 18: a certificate dated after the appointment, or in the future, does not count; on the day it does', () => {
    const p = person({ certificateHeld: true, certificateDate: '2021-03-02' });
    expect(checkNewLeaderCertificate(input(state([p]), [edit(p, { position: 'director', startDate: '2021-03-01' })]))[0].message).toContain('取得证书日期2021年3月2日晚于任职日期，任职时不具备该证书');
    const future = person({ certificateHeld: true, certificateDate: '2021-06-01' });
    expect(checkNewLeaderCertificate(input(state([future]), [edit(future, { position: 'director', startDate: '2021-07-01' })]))[0].message).toContain('在今天之后');
    const onTheDay = person({ certificateHeld: true, certificateDate: '2021-03-22' });
    expect(checkNewLeaderCertificate(input(state([onTheDay]), [edit(onTheDay, { position: 'director', startDate: '2021-03-22' })]))).toEqual([]);
  });

  it('task 18: holders pass; a cadre rotated in as director must hold it', () => {
    const p = certified();
    expect(checkNewLeaderCertificate(input(state([p]), [edit(p, { position: 'director' })]))).toEqual([]);
    const cadre = bureauCadre({ lawDegree: true });
    expect(checkNewLeaderCertificate(input(state([cadre]), [add(rotationIn(cadre.id, { incomingPosition: 'director' }))]))[0].message).toContain('交流到司法所任职');
  });
});

describe(officesWithoutCertificateHolder.name, () => {
  it('task 18 "各区局应当在2年内…至少配备1名": the two years run from 2021-02-09 to 2023-02-08 by default, configurable', () => {
    expect(certificateWindow()).toEqual({ start: '2021-02-09', deadline: '2023-02-08' });
    expect(certificateWindow({ effectiveDate: '2021-02-09', certificateWindowStart: '2021-04-01' })).toEqual({ start: '2021-04-01', deadline: '2023-03-31' });
  });

  it('task 18: several offices without a holder are one finding naming them all', () => {
    const s = state(team(4), [], [office(), office({ id: 2, name: '外滩街道' })]);
    const [v, ...rest] = officesWithoutCertificateHolder(s, '2021-03-22');
    expect(rest).toEqual([]);
    expect(v.subjects).toEqual([{ type: 'office', id: 1 }, { type: 'office', id: 2 }]);
    expect(v.message).toContain('。南京东路街道司法所、外滩街道司法所尚无具备法律职业资格证书的正式在编人员。');
  });

  it('task 18: offices without a holder are reported with the window; after the deadline as overdue', () => {
    const s = state([...team(4), certified({ officeId: 2 })], [], [office(), office({ id: 2, name: '外滩街道' })]);
    const [v, ...rest] = officesWithoutCertificateHolder(s, '2023-02-08');
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ rule: 'TASK_18_OFFICE_CERTIFICATE_HOLDER', severity: 'report', subjects: [{ type: 'office', id: 1 }] });
    expect(v.message).toBe('任务18：各区局应当在2年内为辖区内每个司法所至少配备1名具备法律职业资格证书的工作人员（自2021年2月9日起2年内，即至2023年2月8日）。南京东路街道司法所尚无具备法律职业资格证书的正式在编人员。');
    const [late] = officesWithoutCertificateHolder(s, '2023-02-09');
    expect(late).toMatchObject({ rule: 'TASK_18_CERTIFICATE_OVERDUE', message: '任务18：南京东路街道司法所至今无具备法律职业资格证书的正式在编人员，已超过2023年2月8日的配备期限。' });
  });

  it('task 18: only formal staff of the office count — not an auxiliary, not a cadre rotated in, not a certificate not yet obtained', () => {
    const cadre = certified({ unitKind: 'district_bureau', officeId: null });
    const people = [certified({ employment: 'auxiliary', position: 'auxiliary' }), cadre, certified({ certificateDate: '2021-06-01' })];
    expect(officesWithoutCertificateHolder(state(people, [rotationIn(cadre.id, { startDate: '2021-01-01' })]), '2021-03-22')[0].subjects).toEqual([{ type: 'office', id: 1 }]);
    expect(officesWithoutCertificateHolder(state(people), '2021-06-01')).toEqual([]);
  });

  it('task 18: rotating the only holder out is reported for the office', () => {
    const holder = certified();
    const s = state([holder, ...team(4)]);
    expect(checkCertificateCoverage(input(s, [add(rotationOut(holder.id, { startDate: '2021-03-01' }))]))).toHaveLength(1);
  });
});
