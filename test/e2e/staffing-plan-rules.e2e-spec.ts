import { JudicialOffice } from '../../src/organisation/judicial-office.entity';
import { OfficeProfile } from '../../src/staffing/office-profile.entity';
import { StaffMember } from '../../src/staffing/staff-member.entity';
import { StaffingAssignment } from '../../src/staffing/staffing-assignment.entity';
import { StaffingHistory } from '../../src/staffing/staffing-history.entity';
import { insertStaff, officeTeam, staffCsv, staffingSession } from '../factories/staff';
import { createTestApp, TestApp } from '../utils/test-app';

/** Counts of the staffing tables, to prove a refusal wrote nothing. */
async function counts(t: TestApp) {
  return {
    staff: await t.dataSource.getRepository(StaffMember).count(),
    assignments: await t.dataSource.getRepository(StaffingAssignment).count(),
    history: await t.dataSource.getRepository(StaffingHistory).count(),
  };
}

describe('Staffing rules read as the plan says, through the pages and the API (issue 14)', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let json: Record<string, string>;
  let office: JudicialOffice;
  let team: StaffMember[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ headers } = await staffingSession(t));
    json = { ...headers, Accept: 'application/json' };
    office = await t.dataSource.getRepository(JudicialOffice).findOneOrFail({ where: {}, order: { code: 'ASC' } });
    team = await insertStaff(t.dataSource, officeTeam(office, 5, 'P', { postType: 'dedicated' }));
  });
  afterAll(() => t.close());

  /** A register body as the form sends it: an existing team member (by index) with changes. */
  const memberBody = (i: number, over: Record<string, unknown> = {}) => {
    const p = team[i];
    return {
      staffNumber: p.staffNumber, name: p.name, unitKind: p.unitKind, unitCode: office.code, position: p.position, postType: p.postType, employment: p.employment,
      education: p.education, certificateHeld: p.certificateHeld ? '是' : '', certificateNumber: p.certificateNumber ?? '', certificateDate: p.certificateDate ?? '',
      startDate: p.startDate, ...over,
    };
  };
  const proposal = () => ({ proposalDistrictCode: office.code.slice(0, 6), proposalDate: '2021-03-20' });

  it('task 15 "设所长1人": making a second member director is refused (422, nothing written) with a clear message', async () => {
    const before = await counts(t);
    const res = await t.http.put(`/api/admin/staffing/staff/${team[1].id}`).set(json).send(memberBody(1, { position: 'director', startDate: '2021-03-22', certificateHeld: '是', certificateNumber: 'A1', certificateDate: '2019-01-01', ...proposal() }));
    expect(res.status).toBe(422);
    expect(res.body.details.violations.map((v: { rule: string }) => v.rule)).toEqual(['TASK_15_ONE_DIRECTOR']);
    expect(res.body.details.violations[0].message).toContain(`${office.unitName}司法所按此变更现已有2名所长`);
    expect(await counts(t)).toEqual(before);
  });

  it('task 15: a deputy (as needed) is appointed only on the district bureau’s proposal, which the history records', async () => {
    const body = memberBody(1, { position: 'deputy_director', startDate: '2021-03-22', certificateHeld: '是', certificateNumber: 'A1', certificateDate: '2019-01-01' });
    const refused = await t.http.post(`/admin/staffing/staff/${team[1].id}`).set(headers).type('form').send(body);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('任务15：司法所所长、副所长和正式在编人员的人事任免、调动由区司法局提出建议。');
    const saved = await t.http.post(`/admin/staffing/staff/${team[1].id}`).set(headers).type('form').send({ ...body, ...proposal() });
    expect(saved.status).toBe(303);
    const [entry] = await t.dataSource.getRepository(StaffingHistory).find({ where: { subjectType: 'staff', subjectId: team[1].id }, order: { id: 'DESC' }, take: 1 });
    expect(entry.reasons).toMatchObject({ 任务15建议: '黄浦区司法局（2021年3月20日）' });
  });

  it('task 13: a 借调 of a dedicated-post member names 借调 and needs the consent; with it, it is saved as 借调', async () => {
    const rotation = {
      kind: 'rotation', staffNumber: team[2].staffNumber, officeCodes: office.code, direction: 'out', moveKind: 'secondment', counterpartKind: 'other',
      counterpartName: '区信访办', startDate: '2021-05-01', endDate: '2021-10-31', status: 'planned',
    };
    const before = await counts(t);
    const refused = await t.http.post('/api/admin/staffing/assignments').set(json).send(rotation);
    expect(refused.status).toBe(422);
    expect(refused.body.details.violations[0].message).toContain('不得交流、借调、借用司法所政法专项编制人员。');
    expect(refused.body.details.violations[0].message).toContain('本次借调：未录入区级以上司法行政机关的同意文件');
    expect(await counts(t)).toEqual(before);
    const consent = { approvalAuthority: 'district_bureau', approvalDistrictCode: office.code.slice(0, 6), approvalDocumentNumber: '黄司〔2021〕20号', approvalDate: '2021-04-20' };
    const saved = await t.http.post('/api/admin/staffing/assignments').set(json).send({ ...rotation, ...consent });
    expect(saved.status).toBe(201);
    expect(await t.dataSource.getRepository(StaffingAssignment).findOneByOrFail({ id: saved.body.ids[0] })).toMatchObject({ moveKind: 'secondment', approvalDocumentNumber: '黄司〔2021〕20号' });
  });

  it('task 13 "不得挤占、挪用": re-typing a dedicated post is refused without the consent', async () => {
    const res = await t.http.put(`/api/admin/staffing/staff/${team[3].id}`).set(json).send(memberBody(3, { postType: 'other' }));
    expect(res.status).toBe(422);
    expect(res.body.details.violations.map((v: { rule: string }) => v.rule)).toEqual(['TASK_13_DEDICATED_POST_RETYPED']);
    expect((await t.dataSource.getRepository(StaffMember).findOneByOrFail({ id: team[3].id })).postType).toBe('dedicated');
  });

  it('task 17: a formal staff member joining the office without a hire date is asked for it, the cut-off shown', async () => {
    const body = { staffNumber: 'P-NEW', name: '新同志', unitKind: 'office', unitCode: office.code, position: 'staff', postType: 'other', employment: 'permanent', education: 'bachelor', startDate: '2021-04-01', ...proposal() };
    const refused = await t.http.post('/admin/staffing/staff').set(headers).type('form').send(body);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('请填写录用日期：2021年2月9日起录用的为新招录人员，应具备大学本科以上文化程度。');
    const contradictory = await t.http.post('/admin/staffing/staff').set(headers).type('form').send({ ...body, hiredOn: '2021-03-01' });
    expect(contradictory.text).toContain('但未标记为新招录，请核对');
    const saved = await t.http.post('/admin/staffing/staff').set(headers).type('form').send({ ...body, hiredOn: '2021-03-01', newlyHired: '是' });
    expect(saved.status).toBe(303);
  });

  it('task 12 "司法所人员编制不少于4名": the office page refuses 3 posts and posts above 4 without ground and approval (422, nothing written)', async () => {
    const url = `/admin/staffing/offices/${office.id}/profile`;
    const three = await t.http.post(url).set(headers).type('form').send({ approvedPosts: '3' });
    expect(three.status).toBe(422);
    expect(three.text).toContain(`任务12：司法所人员编制不少于4名。${office.unitName}司法所的编制数不能登记为3名。`);
    const five = await t.http.post(url).set(headers).type('form').send({ approvedPosts: '5', postIncreaseGround: 'population', population: '140000' });
    expect(five.status).toBe(422);
    expect(five.text).toContain('常住人口14万人，未达到街道常住人口15万以上的标准，不能以常住人口为依据增加编制');
    expect(five.text).toContain('请录入批准机关、批准日期、批准文号');
    expect(await t.dataSource.getRepository(OfficeProfile).findBy({ officeId: office.id })).toEqual([]);
  });

  it('task 12: 5 posts on the third ground with the approval are recorded; a rotated-in cadre fills no post', async () => {
    const saved = await t.http.post(`/admin/staffing/offices/${office.id}/profile`).set(headers).type('form').send({
      approvedPosts: '5', postIncreaseGround: 'workload', postIncreaseNote: '社区矫正对象多，调解任务重', postIncreaseApprovedBy: '黄浦区委编办', postIncreaseApprovedOn: '2021-03-01', postIncreaseReference: '黄编〔2021〕3号',
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain('编制5名');
    const [entry] = await t.dataSource.getRepository(StaffingHistory).findBy({ subjectType: 'office', subjectId: office.id });
    expect(entry.summary).toBe('常住人口未填，面积未填；编制5名（依据：人员配备与承担工作任务差距较大，社区矫正对象多，调解任务重；黄浦区委编办2021年3月1日批准，黄编〔2021〕3号）');
    const page = await t.http.get(`/admin/staffing/offices/${office.id}`).set(headers).expect(200);
    expect(page.text).toContain('交流到本所任职的干部不占本所编制');
    expect(page.text).toContain(`占用本所编制的在岗人员：${team[0].name}（所长，政法专项编制）`);
  });

  it('task 12: a reason given in an import applies to one office, never to every office in the file', async () => {
    const [b, c] = await t.dataSource.getRepository(JudicialOffice).find({ order: { code: 'ASC' }, skip: 1, take: 2 });
    const teams = [...officeTeam(b, 4, 'QB'), ...officeTeam(c, 4, 'QC')];
    await insertStaff(t.dataSource, teams);
    const out = (i: number, o: JudicialOffice) => ({ ...teams[i], unitKind: 'district_bureau' as const, officeId: null, unitCode: o.code.slice(0, 6), position: 'staff' as const });
    const upload = (rows: ReturnType<typeof out>[], fields: Record<string, string>) => {
      const req = t.http.post('/admin/staffing/import').set(headers);
      for (const [k, v] of Object.entries(fields)) req.field(k, v);
      return req.attach('file', staffCsv(rows), 'move.csv');
    };
    const reason = { headcountReason: '区局另行补充1名', proposalDistrictCode: b.code.slice(0, 6), proposalDate: '2021-03-20' };
    const ambiguous = await upload([out(1, b), out(5, c)], reason);
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.text).toContain('导入文件涉及多个司法所：请选择理由所针对的司法所（理由只适用于一个司法所）');
    const scoped = await upload([out(1, b), out(5, c)], { ...reason, reasonOfficeCode: b.code });
    expect(scoped.status).toBe(422);
    expect(scoped.text).toContain(`任务12：${c.unitName}司法所编制4名，在编在岗人数将自`);
    expect(scoped.text).not.toContain(`任务12：${b.unitName}司法所编制4名`);
    const one = await upload([out(1, b)], reason);
    expect(one.status).toBe(200);
    expect(one.text).toContain('导入完成：新增0人，更新1人');
  });
});

describe('Staffing dates set per deployment reach the rules and the reports (issue 14, tasks 17 and 18)', () => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ STAFFING_EFFECTIVE_DATE: '2021-03-01', STAFFING_CERTIFICATE_WINDOW_START: '2021-04-01' });
    ({ headers } = await staffingSession(t));
  });
  afterAll(() => t.close());

  it('the configured cut-off is the one the task 17 message shows; the two years run from the configured start', async () => {
    const office = await t.dataSource.getRepository(JudicialOffice).findOneOrFail({ where: {}, order: { code: 'ASC' } });
    const body = { staffNumber: 'Z-1', name: '新同志', unitKind: 'office', unitCode: office.code, position: 'staff', postType: 'other', employment: 'permanent', education: 'bachelor', startDate: '2021-03-10', proposalDistrictCode: office.code.slice(0, 6), proposalDate: '2021-03-01' };
    const res = await t.http.post('/admin/staffing/staff').set(headers).type('form').send(body);
    expect(res.status).toBe(422);
    expect(res.text).toContain('2021年3月1日起录用的为新招录人员');
    const report = await t.http.get('/api/admin/staffing/reports').set({ ...headers, Accept: 'application/json' }).expect(200);
    expect(report.body.certificate).toMatchObject({ start: '2021-04-01', deadline: '2023-03-31' });
  });
});
