import { JudicialOffice } from '../../src/organisation/judicial-office.entity';
import { StaffMember } from '../../src/staffing/staff-member.entity';
import { StaffingAssignment } from '../../src/staffing/staffing-assignment.entity';
import { StaffingHistory } from '../../src/staffing/staffing-history.entity';
import { insertStaff, officeTeam, staffingSession, staffRecord } from '../factories/staff';
import { createTestApp, TestApp } from '../utils/test-app';

/** Counts of the staffing tables, to prove a refusal wrote nothing. */
async function counts(t: TestApp) {
  return {
    staff: await t.dataSource.getRepository(StaffMember).count(),
    assignments: await t.dataSource.getRepository(StaffingAssignment).count(),
    history: await t.dataSource.getRepository(StaffingHistory).count(),
  };
}

describe('Staffing: rules checked on every change, refusals write nothing (issue #5)', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let office: JudicialOffice;
  let team: StaffMember[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ headers } = await staffingSession(t));
    office = await t.dataSource.getRepository(JudicialOffice).findOneOrFail({ where: {}, order: { code: 'ASC' } });
    team = await insertStaff(t.dataSource, officeTeam(office, 4, 'T', { postType: 'dedicated' }));
  });
  afterAll(() => t.close());

  const rotationForm = (over: Record<string, string> = {}) => ({
    kind: 'rotation', staffNumber: 'T-2', officeCodes: office.code, direction: 'out', counterpartKind: 'district_bureau_organ',
    counterpartName: '黄浦区司法局办公室', startDate: '2021-05-01', endDate: '2022-04-30', status: 'planned', ...over,
  });

  it('pages: the dashboard, register, forms and reports render in Chinese behind the login', async () => {
    for (const path of ['/admin/staffing', '/admin/staffing/staff', '/admin/staffing/staff/new', '/admin/staffing/import', '/admin/staffing/reports', `/admin/staffing/offices/${office.id}`, '/admin/staffing/assignments/new?kind=rotation']) {
      const res = await t.http.get(path).set(headers);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.text).toContain('人员配备');
    }
    const anonymous = await t.http.get('/admin/staffing').set('Accept', 'text/html');
    expect(anonymous.status).toBe(303);
  });

  it('task 13 + task 12: a dedicated-post staff member rotated out without approval, office falling to 3 — 422 listing both, nothing written', async () => {
    const before = await counts(t);
    const res = await t.http.post('/admin/staffing/assignments').set(headers).type('form').send(rotationForm());
    expect(res.status).toBe(422);
    expect(res.text).toContain('任务13');
    expect(res.text).toContain('不得交流、借调、借用司法所政法专项编制人员。');
    expect(res.text).toContain('本次交流：未录入区级以上司法行政机关的同意文件');
    expect(res.text).toContain('任务12');
    expect(res.text).toContain('在编在岗人数将自2021年5月1日起由4名降至3名');
    expect(await counts(t)).toEqual(before);
  });

  it('the JSON API answers 422 STAFFING_RULES_VIOLATED with every violation', async () => {
    const before = await counts(t);
    const res = await t.http.post('/api/admin/staffing/assignments').set({ ...headers, Accept: 'application/json' }).send(rotationForm({ endDate: '2021-04-30', counterpartName: '' }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('STAFFING_RULES_VIOLATED');
    expect(res.body.details.violations.map((v: { rule: string }) => v.rule)).toEqual(['DATES_END_BEFORE_START', 'TASK_21_ROTATION_UNITS', 'TASK_13_DEDICATED_POST_APPROVAL']);
    expect(await counts(t)).toEqual(before);
  });

  it('with the district bureau’s approval and a recorded reason the rotation is saved, with its history', async () => {
    const res = await t.http.post('/admin/staffing/assignments').set(headers).type('form').send(
      rotationForm({
        approvalAuthority: 'district_bureau', approvalDistrictCode: office.code.slice(0, 6), approvalDocumentNumber: '黄司〔2021〕12号', approvalDate: '2021-04-20',
        headcountReason: '街道另行补充 1 名专职人员',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('已保存。');
    const saved = await t.dataSource.getRepository(StaffingAssignment).findOneByOrFail({ personId: team[1].id });
    expect(saved).toMatchObject({ approvalDocumentNumber: '黄司〔2021〕12号', headcountReason: '街道另行补充 1 名专职人员', status: 'planned' });
    const [entry] = await t.dataSource.getRepository(StaffingHistory).findBy({ subjectType: 'assignment', subjectId: saved.id });
    expect(entry.actor).toBe('organiser');
    expect(entry.reasons).toMatchObject({ 任务12理由: '街道另行补充 1 名专职人员' });
    expect(entry.reasons!['任务13同意文件']).toContain('黄司〔2021〕12号');
  });

  it('an overlapping rotation of the same person is refused, naming the rule', async () => {
    const before = await counts(t);
    const res = await t.http.post('/admin/staffing/assignments').set(headers).type('form').send(
      rotationForm({ startDate: '2022-01-01', endDate: '', approvalAuthority: 'city_bureau', approvalDocumentNumber: '沪司〔2021〕3号', approvalDate: '2021-04-01', headcountReason: '同上' }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('同一人员同一时间只能有一项锻炼或交流任职');
    expect(await counts(t)).toEqual(before);
  });

  it('status changes follow the plan and are recorded; completed is final; the history table is append-only', async () => {
    const saved = await t.dataSource.getRepository(StaffingAssignment).findOneByOrFail({ personId: team[1].id });
    await t.http.post(`/admin/staffing/assignments/${saved.id}`).set(headers).type('form').send({ status: 'active' }).expect(200);
    await t.http.post(`/admin/staffing/assignments/${saved.id}`).set(headers).type('form').send({ status: 'completed' }).expect(200);
    const refused = await t.http.patch(`/api/admin/staffing/assignments/${saved.id}`).set({ ...headers, Accept: 'application/json' }).send({ status: 'active' });
    expect(refused.status).toBe(422);
    expect(refused.body.details.violations[0].message).toBe('状态不能由“已结束”改为“进行中”。');
    const history = await t.dataSource.getRepository(StaffingHistory).find({ where: { subjectType: 'assignment', subjectId: saved.id }, order: { id: 'ASC' } });
    expect(history.map((h) => h.summary)).toEqual([expect.stringContaining('登记交流任职'), '状态由“计划中”改为“进行中”', '状态由“进行中”改为“已结束”']);
    await expect(t.dataSource.query(`UPDATE staffing_history SET summary = 'x' WHERE id = ${Number(history[0].id)}`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM staffing_history`)).rejects.toThrow(/append-only/);
  });

  it('tasks 15, 17 and 18: a second, newly hired director with a 大学专科 diploma and no certificate is refused with every rule (page and API)', async () => {
    const before = await counts(t);
    const form = {
      staffNumber: 'N-1', name: '新所长', unitKind: 'office', unitCode: office.code, position: 'director', postType: 'dedicated', employment: 'permanent',
      education: 'associate', startDate: '2021-03-15', newlyHired: '是', hiredOn: '2021-03-01',
    };
    const page = await t.http.post('/admin/staffing/staff').set(headers).type('form').send(form);
    expect(page.status).toBe(422);
    expect(page.text).toContain('任务15：司法所实行所长负责制，设所长1人，根据工作需要可设副所长。');
    expect(page.text).toContain('新所长（南京东路街道司法所，2021年3月1日录用）学历为大学专科');
    expect(page.text).toContain('新所长自2021年3月15日起任');
    expect(page.text).toContain('value="新所长"');
    const api = await t.http.post('/api/admin/staffing/staff').set({ ...headers, Accept: 'application/json' }).send({ ...form, newlyHired: true });
    expect(api.status).toBe(422);
    expect(api.body.details.violations.map((v: { rule: string }) => v.rule)).toEqual(['TASK_15_ONE_DIRECTOR', 'TASK_15_PROPOSAL', 'TASK_17_NEW_HIRE_EDUCATION', 'TASK_18_NEW_LEADER_CERTIFICATE']);
    expect(await counts(t)).toEqual(before);
  });

  it('an unknown unit code and bad fields are refused field by field (422), nothing written', async () => {
    const res = await t.http.post('/admin/staffing/staff').set(headers).type('form').send({ staffNumber: 'bad number', name: '', unitKind: 'office', unitCode: '310199999', startDate: '2021-02-30' });
    expect(res.status).toBe(422);
    for (const text of ['人员编号“bad number”格式不正确', '姓名不能为空', '单位代码310199999不是本市司法所', '任现职日期“2021-02-30”不是有效日期']) expect(res.text).toContain(text);
    const api = await t.http.post('/api/admin/staffing/staff').set({ ...headers, Accept: 'application/json' }).send({ staffNumber: 'X-1' });
    expect(api.status).toBe(422);
    expect(api.body.code).toBe('STAFFING_INPUT_INVALID');
    const extra = await t.http.patch('/api/admin/staffing/assignments/1').set({ ...headers, Accept: 'application/json' }).send({ status: 'active', isAdmin: true });
    expect(extra.status).toBe(422);
    expect(extra.body.details).toEqual({ isAdmin: '不允许的字段“isAdmin”' });
  });

  it('task 21: a subdistrict cadre without certificate or law degree is rotated in only with a justification', async () => {
    await insertStaff(t.dataSource, [staffRecord({ staffNumber: 'G-1', name: '街道干部', unitKind: 'subdistrict_town_gov', unitName: '南京东路街道办事处', districtId: office.districtId })]);
    const form = { kind: 'rotation', staffNumber: 'G-1', officeCodes: office.code, direction: 'in', counterpartKind: 'subdistrict_town_gov', counterpartName: '南京东路街道办事处', incomingPosition: 'staff', startDate: '2021-06-01', endDate: '2022-05-31' };
    const refused = await t.http.post('/admin/staffing/assignments').set(headers).type('form').send(form);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('街道干部交流到');
    expect(refused.text).toContain('既未取得法律职业资格证书，也不具有法学专业学历');
    await t.http.post('/admin/staffing/assignments').set(headers).type('form').send({ ...form, qualificationJustification: '长期从事人民调解，已报名参加法律职业资格考试' }).expect(200);
  });

  it('task 12: population and area are recorded per office and flag it as entitled to more', async () => {
    const res = await t.http.post(`/admin/staffing/offices/${office.id}/profile`).set(headers).type('form').send({ population: '150000', areaKm2: '' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('常住人口15万人，达到街道常住人口15万以上的标准');
    const bad = await t.http.post(`/admin/staffing/offices/${office.id}/profile`).set(headers).type('form').send({ population: '十五万', areaKm2: '-3' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('常住人口应为整数（人）');
  });
});
