import { certified, office, person, rotationIn, state, team } from '../../../test/factories/staffing-facts';
import { buildStaffingReport } from './staffing-report';

const scope = (date: string) => ({ districtId: null, date, period: { startDate: '2021-01-01', endDate: '2021-12-31' } });

describe(buildStaffingReport.name, () => {
  const s = state([...team(3), certified(), person({ officeId: 2, employment: 'auxiliary', position: 'auxiliary' })], [], [office(), office({ id: 2, name: '外滩街道', approvedPosts: 5 })]);

  it('task 18: the deadline is the last day of the two years; the day after, offices without a holder are overdue', () => {
    expect(buildStaffingReport(s, scope('2023-02-08')).certificate).toMatchObject({ deadline: '2023-02-08', overdue: false, label: '自2021年2月9日起2年内，即至2023年2月8日' });
    const late = buildStaffingReport(s, scope('2023-02-09'));
    expect(late.certificate.overdue).toBe(true);
    expect(late.withoutCertificateHolder.map((o) => o.officeId)).toEqual([2]);
  });

  it('task 18 比重: per district, certified formal staff over formal staff on post; an auxiliary does not count', () => {
    const [d1] = buildStaffingReport(s, scope('2021-03-22')).districts;
    expect(d1).toMatchObject({ formalStaff: 4, certifiedStaff: 1, certificateShare: '25%' });
    const none = buildStaffingReport(state([], [], [office()]), scope('2021-03-22')).districts[0];
    expect(none.certificateShare).toBe('—');
  });

  it('task 12: an office is listed when fewer posts are filled than approved; a rotated-in cadre fills none', () => {
    const cadre = person({ unitKind: 'district_bureau', officeId: null });
    const withCadre = state([...team(3), cadre], [rotationIn(cadre.id, { startDate: '2021-01-01' })], [office()]);
    const [line] = buildStaffingReport(withCadre, scope('2021-03-22')).belowMinimum;
    expect(line).toMatchObject({ approvedPosts: 4, headcount: 3, onPost: 4 });
    expect(buildStaffingReport(s, scope('2021-03-22')).belowMinimum.map((o) => [o.officeId, o.approvedPosts, o.headcount])).toEqual([[2, 5, 0]]);
  });
});
