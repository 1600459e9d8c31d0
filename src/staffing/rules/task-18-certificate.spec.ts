import { add, bureauCadre, edit, hire, input, office, person, rotationIn, rotationOut, state, team } from '../../../test/factories/staffing-facts';
import { checkCertificateCoverage, checkNewLeaderCertificate, isNewLeaderAppointment, officesWithoutCertificateHolder } from './task-18-certificate';

describe(checkNewLeaderCertificate.name, () => {
  it('task 18: promoting a staff member without the certificate to director is refused', () => {
    const p = person({ name: '钱七' });
    const [v] = checkNewLeaderCertificate(input(state([p]), [edit(p, { position: 'director' })]));
    expect(v).toMatchObject({ rule: 'TASK_18_NEW_LEADER_CERTIFICATE', severity: 'hard' });
    expect(v.message).toBe('任务18：钱七新任南京东路街道司法所所长，新提任司法所所长、副所长应当具备法律职业资格证书。');
  });

  it('task 18: a deputy director appointed after the plan must hold it; one appointed before it is recorded as is', () => {
    expect(checkNewLeaderCertificate(input(state([]), [hire(person({ position: 'deputy_director', startDate: '2021-03-01' }))]))).toHaveLength(1);
    expect(checkNewLeaderCertificate(input(state([]), [hire(person({ position: 'deputy_director', startDate: '2019-03-01' }))]))).toEqual([]);
  });

  it('task 18: holders pass; a cadre rotated in as director must hold it', () => {
    const p = person({ certificateHeld: true });
    expect(checkNewLeaderCertificate(input(state([p]), [edit(p, { position: 'director' })]))).toEqual([]);
    const cadre = bureauCadre({ lawDegree: true });
    expect(checkNewLeaderCertificate(input(state([cadre]), [add(rotationIn(cadre.id, { incomingPosition: 'director' }))]))).toHaveLength(1);
  });

  it('task 18: editing a sitting director’s other fields is not a new appointment', () => {
    const d = person({ position: 'director', startDate: '2018-01-01' });
    expect(isNewLeaderAppointment(d, { ...d, education: 'master' })).toBe(false);
    expect(isNewLeaderAppointment(d, { ...d, officeId: 2 })).toBe(true);
  });
});

describe(officesWithoutCertificateHolder.name, () => {
  it('task 18: every office should have at least one holder on post (reported, never blocking)', () => {
    const s = state([...team(4), person({ officeId: 2, certificateHeld: true })], [], [office(), office({ id: 2, name: '外滩街道' })]);
    const found = officesWithoutCertificateHolder(s, '2021-03-22');
    expect(found).toEqual([expect.objectContaining({ rule: 'TASK_18_OFFICE_CERTIFICATE_HOLDER', severity: 'report', subjects: [{ type: 'office', id: 1 }] })]);
  });

  it('task 18: rotating the only holder out is reported for the office', () => {
    const holder = person({ certificateHeld: true });
    const s = state([holder, ...team(4)]);
    expect(checkCertificateCoverage(input(s, [add(rotationOut(holder.id, { startDate: '2021-03-01' }))]))).toHaveLength(1);
  });
});
