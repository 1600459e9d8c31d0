import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { JudicialOffice } from '../../src/organisation/judicial-office.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { StaffMember } from '../../src/staffing/staff-member.entity';
import { TrainingHandover } from '../../src/staffing/training-handover.entity';
import { insertStaff, officeTeam, staffingSession, staffRecord } from '../factories/staff';
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
    offices = await t.dataSource.getRepository(JudicialOffice).find({ order: { code: 'ASC' }, take: 3 });
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

  const outbox = (address: string) => t.dataSource.getRepository(OutboxMessage).findBy({ recipientAddress: address });

  it('cancels the registration (CANCEL queued), makes the incoming director the participant and mails them a personal link', async () => {
    const office = offices[0];
    const { holder, registration } = await registeredDirector(office, 'A');
    const [successor] = await insertStaff(t.dataSource, [
      staffRecord({ staffNumber: 'A-NEW', name: '接任所长甲', unitKind: 'district_bureau', districtId: office.districtId, certificateHeld: true, certificateNumber: 'A2019001', certificateDate: '2019-12-01', email: 'jieren.jia@example.org', mobile: '13900000001' }),
    ]);

    const res = await rotateOut(office, 'A-1', { successorStaffNumber: 'A-NEW' });
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
    await insertStaff(t.dataSource, [staffRecord({ staffNumber: 'B-NEW', name: '接任所长乙', unitKind: 'district_bureau', districtId: office.districtId, lawDegree: true, email: 'jieren.yi@example.org', mobile: '13900000002' })]);
    const refused = await rotateOut(office, 'B-1', { successorStaffNumber: 'B-NEW' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('任务18：接任所长乙新任');
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
    const named = await t.http.post(`/admin/staffing/assignments/${handover.rotationId}/successor`).set(headers).type('form').send({ successorStaffNumber: 'B-NEW' });
    expect(named.status).toBe(200);
    expect(named.text).toContain('所长培训交接：已完成');
    expect((await t.dataSource.getRepository(Participant).findOneByOrFail({ id: holder.id })).name).toBe('接任所长乙');
    expect(await outbox('jieren.yi@example.org')).toHaveLength(1);
  });

  it('a director who trains before leaving keeps the registration; no hand-over of the post', async () => {
    const office = offices[2];
    const { holder, registration } = await registeredDirector(office, 'C', 0);
    const res = await rotateOut(office, 'C-1', { startDate: '2021-04-15' });
    expect(res.text).toContain('将于调出前参加全市司法所长培训班（第一期），报名保留');
    expect(await t.dataSource.getRepository(Registration).findOneByOrFail({ id: registration.id })).toMatchObject({ status: 'confirmed' });
    expect((await outbox(holder.email)).map((m) => m.calendarMethod)).toEqual(['REQUEST']);
  });
});
