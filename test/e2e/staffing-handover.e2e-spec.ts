import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { JudicialOffice } from '../../src/organisation/judicial-office.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { StaffMember } from '../../src/staffing/staff-member.entity';
import { TrainingHandover } from '../../src/staffing/training-handover.entity';
import { insertStaff, officeTeam, staffCsv, staffingSession, staffRecord } from '../factories/staff';
import { holderOf } from '../utils/organiser';
import { createTestApp, openRun, TestApp } from '../utils/test-app';

describe('Training follows the post: a director rotated out before the sessions (issue #5)', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let runId: number;
  let sessions: { id: number; firstDay: string }[];
  let offices: JudicialOffice[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ run: { id: runId }, sessions } = await openRun(t));
    ({ headers } = await staffingSession(t));
    offices = await t.dataSource.getRepository(JudicialOffice).find({ order: { code: 'ASC' }, take: 5 });
  });
  afterAll(() => t.close());

  /** The office's director participant registered in `sessionIndex`, and a register where that person is the director. */
  async function registeredDirector(office: JudicialOffice, prefix: string, sessionIndex = 0) {
    const holder = await holderOf(t, office.code, 'office_director');
    const registration = await t.get(RegistrationsService).register({ participantId: holder.id, runId, preferences: [sessions[sessionIndex].id], actor: 'organiser' });
    const team = officeTeam(office, 5, prefix);
    team[0] = { ...team[0], name: holder.name, email: holder.email, mobile: holder.mobile };
    await insertStaff(t.dataSource, team);
    return { holder, registration };
  }

  const rotateOut = (office: JudicialOffice, staffNumber: string, over: Record<string, string> = {}) =>
    t.http.post('/admin/staffing/assignments').set(headers).type('form').send({
      kind: 'rotation', staffNumber, officeCodes: office.code, direction: 'out', counterpartKind: 'district_bureau_organ', counterpartName: '区司法局办公室',
      startDate: '2021-04-01', endDate: '2023-03-31', status: 'planned', ...over,
    });

  /** Task 15: the office's district bureau proposed the successor's appointment. */
  const proposal = (office: JudicialOffice) => ({ proposalDistrictCode: office.code.slice(0, 6), proposalDate: '2021-03-20' });

  const outbox = (address: string) => t.dataSource.getRepository(OutboxMessage).findBy({ recipientAddress: address });

  it('cancels the registration (CANCEL queued), makes the incoming director the participant and mails them a personal link', async () => {
    const office = offices[0];
    const { holder, registration } = await registeredDirector(office, 'A');
    const [successor] = await insertStaff(t.dataSource, [
      staffRecord({ staffNumber: 'A-NEW', name: '接任所长甲', unitKind: 'district_bureau', hiredOn: '2012-07-01', districtId: office.districtId, certificateHeld: true, certificateNumber: 'A2019001', certificateDate: '2019-12-01', email: 'jieren.jia@example.org', mobile: '13900000001' }),
    ]);

    const res = await rotateOut(office, 'A-1', { successorStaffNumber: 'A-NEW', ...proposal(office) });
    expect(res.status).toBe(200);
    expect(res.text).toContain('所长培训交接：已完成');
    expect(res.text).toContain(`已取消原所长${holder.name}的报名（全市司法所长培训班（第一期））`);

    expect(await t.dataSource.getRepository(Registration).findOneByOrFail({ id: registration.id })).toMatchObject({ status: 'cancelled' });
    expect((await outbox(holder.email)).map((m) => m.calendarMethod)).toEqual(['REQUEST', 'CANCEL']);
    const post = await t.dataSource.getRepository(Participant).findOneByOrFail({ id: holder.id });
    expect(post).toMatchObject({ name: '接任所长甲', email: 'jieren.jia@example.org', mobile: '13900000001', isDemo: false });
    expect(post.tokenHash).not.toBeNull();
    const [link] = await outbox('jieren.jia@example.org');
    expect(link).toMatchObject({ kind: 'personal-link', recipientName: '接任所长甲' });
    // The link itself is sealed until sent, never in the stored body (issue 9 item 5).
    expect(link.textBody).toContain('[[PERSONAL_LINK]]');
    expect(link.textBody).not.toMatch(/\/r\/[A-Za-z0-9_-]{43}/);
    expect(link.sealedSecret).toMatch(/^v1:/);
    expect(await t.dataSource.getRepository(StaffMember).findOneByOrFail({ id: successor.id })).toMatchObject({ position: 'director', officeId: office.id, unitKind: 'office', startDate: '2021-04-01' });

    const dashboard = await t.http.get('/admin/staffing').set(headers);
    expect(dashboard.text).toContain('接任所长甲');
    expect(dashboard.text).toContain('已向接任所长发送个人报名链接');
    const participants = await t.http.get(`/admin/participants?q=${encodeURIComponent('接任所长甲')}`).set(headers);
    expect(participants.text).toContain('接任所长甲');
  });

  it('task 18 applies to the incoming director: one without the certificate is refused, nothing cancelled', async () => {
    const office = offices[1];
    const { holder, registration } = await registeredDirector(office, 'B');
    await insertStaff(t.dataSource, [staffRecord({ staffNumber: 'B-NEW', name: '接任所长乙', unitKind: 'district_bureau', hiredOn: '2012-07-01', districtId: office.districtId, lawDegree: true, email: 'jieren.yi@example.org', mobile: '13900000002' })]);
    const refused = await rotateOut(office, 'B-1', { successorStaffNumber: 'B-NEW', ...proposal(office) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('接任所长乙自2021年4月1日起任');
    expect(refused.text).toContain('所长（由司法所以外调入任职），未登记法律职业资格证书');
    expect(await t.dataSource.getRepository(Registration).findOneByOrFail({ id: registration.id })).toMatchObject({ status: 'confirmed' });
    expect(await t.dataSource.getRepository(TrainingHandover).count()).toBe(1);
    expect((await t.dataSource.getRepository(Participant).findOneByOrFail({ id: holder.id })).email).toBe(holder.email);
  });

  it('without an incoming director the registration is cancelled and the hand-over waits; naming one later completes it', async () => {
    const office = offices[1];
    const holder = await holderOf(t, office.code, 'office_director');
    const res = await rotateOut(office, 'B-1');
    expect(res.text).toContain('待指定接任所长');
    const handover = await t.dataSource.getRepository(TrainingHandover).findOneByOrFail({ officeId: office.id });
    expect(handover.status).toBe('awaiting_successor');
    expect((await outbox(holder.email)).map((m) => m.calendarMethod)).toEqual(['REQUEST', 'CANCEL']);

    await t.dataSource.getRepository(StaffMember).update({ staffNumber: 'B-NEW' }, { certificateHeld: true, certificateNumber: 'A2020002', certificateDate: '2020-12-01' });
    const named = await t.http.post(`/admin/staffing/assignments/${handover.rotationId}/successor`).set(headers).type('form').send({ successorStaffNumber: 'B-NEW', ...proposal(office) });
    expect(named.status).toBe(200);
    expect(named.text).toContain('所长培训交接：已完成');
    expect((await t.dataSource.getRepository(Participant).findOneByOrFail({ id: holder.id })).name).toBe('接任所长乙');
    expect(await outbox('jieren.yi@example.org')).toHaveLength(1);
  });

  it('a director who trains before leaving keeps the registration; no hand-over of the post', async () => {
    const office = offices[2];
    const { holder, registration } = await registeredDirector(office, 'C', 0);
    const res = await rotateOut(office, 'C-1', { startDate: '2021-04-15' });
    expect(res.text).toContain('将于离任前参加全市司法所长培训班（第一期），报名保留');
    expect(await t.dataSource.getRepository(Registration).findOneByOrFail({ id: registration.id })).toMatchObject({ status: 'confirmed' });
    expect((await outbox(holder.email)).map((m) => m.calendarMethod)).toEqual(['REQUEST']);
  });

  it('item 6: the register making someone director by any path (an import promoting the deputy) hands the training place over, naming the register’s outgoing director', async () => {
    const office = offices[3];
    const holder = await holderOf(t, office.code, 'office_director');
    const registration = await t.get(RegistrationsService).register({ participantId: holder.id, runId, preferences: [sessions[1].id], actor: 'organiser' });
    const team = officeTeam(office, 5, 'D');
    team[0] = { ...team[0], name: '登记所长丁' };
    team[1] = { ...team[1], position: 'deputy_director', certificateHeld: true, certificateNumber: 'A2019D', certificateDate: '2019-01-01', email: 'xinren.ding@example.org', mobile: '13900000004' };
    await insertStaff(t.dataSource, team);
    const rows = [
      { ...team[0], position: 'deputy_director' as const, unitCode: office.code },
      { ...team[1], position: 'director' as const, startDate: '2021-04-01', unitCode: office.code },
    ];
    const res = await t.http.post('/admin/staffing/import').set(headers).field('proposalDistrictCode', office.code.slice(0, 6)).field('proposalDate', '2021-03-20').attach('file', staffCsv(rows), '任免.csv');
    expect(res.status).toBe(200);
    expect(res.text).toContain('所长培训交接：');
    const handover = await t.dataSource.getRepository(TrainingHandover).findOneByOrFail({ officeId: office.id });
    expect(handover).toMatchObject({ rotationId: null, outgoingName: '登记所长丁', effectiveDate: '2021-04-01', status: 'done' });
    expect(await t.dataSource.getRepository(Registration).findOneByOrFail({ id: registration.id })).toMatchObject({ status: 'cancelled' });
    expect((await t.dataSource.getRepository(Participant).findOneByOrFail({ id: holder.id })).email).toBe('xinren.ding@example.org');
    expect(await outbox('xinren.ding@example.org')).toHaveLength(1);
    const dashboard = await t.http.get('/admin/staffing').set(headers);
    expect(dashboard.text).toContain('登记所长丁');
  });

  it('item 6: a hand-over waiting for its incoming director is completed by the register promoting one, not duplicated', async () => {
    const office = offices[4];
    const { holder } = await registeredDirector(office, 'E');
    expect((await rotateOut(office, 'E-1')).text).toContain('待指定接任所长');
    const [deputy] = await t.dataSource.getRepository(StaffMember).findBy({ staffNumber: 'E-2' });
    const body = {
      staffNumber: 'E-2', name: deputy.name, unitKind: 'office', unitCode: office.code, position: 'director', postType: 'other', employment: 'permanent', education: 'bachelor',
      certificateHeld: '是', certificateNumber: 'A2018E', certificateDate: '2018-01-01', startDate: '2021-04-01', email: 'xinren.wu@example.org', mobile: '13900000005', ...proposal(office),
    };
    const res = await t.http.put(`/api/admin/staffing/staff/${deputy.id}`).set({ ...headers, Accept: 'application/json' }).send(body);
    expect(res.status).toBe(200);
    const handovers = await t.dataSource.getRepository(TrainingHandover).findBy({ officeId: office.id });
    expect(handovers).toHaveLength(1);
    expect(handovers[0]).toMatchObject({ status: 'done', successorId: deputy.id });
    expect((await t.dataSource.getRepository(Participant).findOneByOrFail({ id: holder.id })).email).toBe('xinren.wu@example.org');
  });
});
