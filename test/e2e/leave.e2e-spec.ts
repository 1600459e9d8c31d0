import ICAL from 'ical.js';
import { Attendance } from '../../src/attendance/attendance.entity';
import { AccountsService } from '../../src/auth/accounts.service';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { LeaveRequest } from '../../src/leave/leave-request.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { TrainingSession } from '../../src/training/training-session.entity';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
import { asOrganiser, createTestApp, openRun, organiserCookie, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';
import { confirmedIn, shanghai, signInStaffCookie } from '../utils/training-days';

/** The days a calendar client keeps of `request` after `cancel` (ical.js). */
function daysKept(request: string, cancel: string): string[] {
  const master = new ICAL.Event(new ICAL.Component(ICAL.parse(request)).getFirstSubcomponent('vevent')!);
  master.relateException(new ICAL.Event(new ICAL.Component(ICAL.parse(cancel)).getFirstSubcomponent('vevent')!));
  const it = master.iterator();
  const kept: string[] = [];
  for (let next = it.next(); next; next = it.next()) {
    const d = master.getOccurrenceDetails(next);
    if (d.item.component.getFirstPropertyValue('status') !== 'CANCELLED') kept.push(d.startDate.toJSDate().toISOString());
  }
  return kept;
}

/** Issue 11, item 4: leave for a whole session or one day, decided once, the participant told. */
describe('Leave (请假): request, approve once, one day cancelled in the calendar (issue 11, item 4)', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof confirmedIn>>;
  let sessions: TrainingSession[];
  let runId: number;
  let organiser: Record<string, string>;
  let coordinator: Record<string, string>;
  let foreignCoordinator: Record<string, string>;
  let waiting: { id: number; token: string };

  beforeAll(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    sessions = opened.sessions;
    runId = opened.run.id;
    await setCapacity(t, sessions[0].id, 3);
    people = await confirmedIn(t, runId, sessions[0], 3);
    const all = await participantsWithTokens(t, 4); // re-issues the links of the first three too
    all.slice(0, 3).forEach((p, i) => (people[i].token = p.token));
    waiting = all[3];
    await t.get(RegistrationsService).register({ participantId: waiting.id, runId, preferences: [sessions[0].id], actor: 'organiser' });
    organiser = asOrganiser(await organiserCookie(t));
    await t.get(AccountsService).create({ username: 'coord', displayName: '本区协调员', role: 'coordinator', districtId: people[0].districtId, password: 'coordinator-pw-1' });
    coordinator = asOrganiser(await organiserCookie(t, 'coord', 'coordinator-pw-1'));
    const otherDistrict = (await t.dataSource.query(`SELECT id FROM district WHERE id <> ${Number(people[0].districtId)} LIMIT 1`))[0].id;
    await t.get(AccountsService).create({ username: 'other', displayName: '外区协调员', role: 'coordinator', districtId: otherDistrict, password: 'coordinator-pw-1' });
    foreignCoordinator = asOrganiser(await organiserCookie(t, 'other', 'coordinator-pw-1'));
  });
  afterAll(() => t.close());

  const leaveRows = () => t.dataSource.getRepository(LeaveRequest).find({ order: { id: 'ASC' } });
  const ask = (token: string, body: Record<string, string>) => t.http.post(`/r/${token}/leave`).set('Accept', 'text/html').type('form').send(body);
  const mails = (participantEmail: string) => t.dataSource.getRepository(OutboxMessage).find({ where: { recipientAddress: participantEmail }, order: { id: 'ASC' } });

  it('bad requests answer a clear 4xx in Chinese and write nothing', async () => {
    const base = { registrationId: String(people[0].registrationId) };
    const outside = await ask(people[0].token, { ...base, what: '2021-04-14', reason: '出差' });
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('2021-04-14 不是全市司法所长培训班（第一期）的培训日');
    expect((await ask(people[0].token, { ...base, what: 'someday', reason: '出差' })).status).toBe(400);
    expect((await ask(people[0].token, { ...base, what: 'session', reason: '  ' })).text).toContain('请填写请假事由');
    const twoLines = await ask(people[0].token, { ...base, what: 'session', reason: '出差\n第二行' });
    expect(twoLines.status).toBe(400);
    expect(twoLines.text).toContain('请假事由不能含换行');
    // Another person's registration through my link: not found.
    expect((await ask(people[0].token, { registrationId: String(people[1].registrationId), what: 'session', reason: '出差' })).status).toBe(404);
    expect(await leaveRows()).toEqual([]);
  });

  it('the participant asks for day 1 on their page; a second request while one is pending is refused', async () => {
    const res = await ask(people[0].token, { registrationId: String(people[0].registrationId), what: sessions[0].firstDay, reason: '参加区里会议' });
    expect(res.status).toBe(303);
    const again = await ask(people[0].token, { registrationId: String(people[0].registrationId), what: 'session', reason: '又有事' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('已有一份待审批的请假申请');
    expect(await leaveRows()).toHaveLength(1);
    const page = await t.http.get(`/r/${people[0].token}/leave`).expect(200);
    expect(page.text).toContain('待审批');
  });

  it('a coordinator of another district neither sees nor decides it', async () => {
    const [leave] = await leaveRows();
    const list = await t.http.get(`/admin/runs/${runId}/leave`).set(foreignCoordinator).set('Accept', 'text/html').expect(200);
    expect(list.text).not.toContain('参加区里会议');
    expect((await t.http.post(`/admin/leave/${leave.id}/approve`).set(foreignCoordinator).set('Accept', 'application/json').type('form').send({})).status).toBe(404);
    expect((await leaveRows())[0].status).toBe('pending');
  });

  it('coordinator and organiser approving at once: one approval, one 409; day 1 becomes leave, the seat stays, only day 1 leaves the calendar', async () => {
    const [leave] = await leaveRows();
    const before = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: sessions[0].id });
    const answers = await Promise.all([
      t.http.post(`/admin/leave/${leave.id}/approve`).set(coordinator).set('Accept', 'application/json').type('form').send({}),
      t.http.post(`/admin/leave/${leave.id}/approve`).set(organiser).set('Accept', 'application/json').type('form').send({}),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 409]);
    expect(answers.find((a) => a.status === 409)!.body.message).toBe('该请假申请已批准，不能重复处理。');
    expect((await leaveRows())[0].status).toBe('approved');
    const after = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: sessions[0].id });
    expect(after.confirmedCount).toBe(before.confirmedCount);
    expect(await t.dataSource.getRepository(Attendance).findBy({ participantId: people[0].id })).toMatchObject([{ day: sessions[0].firstDay, status: 'leave', method: 'leave' }]);
    const audit = await t.dataSource.getRepository(AuditEvent).findBy({ action: 'leave.approve' });
    expect(audit).toHaveLength(1);
    expect(['coord', 'organiser']).toContain(audit[0].actorLabel);

    const sent = await mails(people[0].email);
    const request = sent.find((m) => m.calendarMethod === 'REQUEST')!;
    const cancels = sent.filter((m) => m.calendarMethod === 'CANCEL');
    expect(cancels).toHaveLength(1);
    expect(request.status).toBe('pending'); // not superseded by the one-day CANCEL
    expect(cancels[0].textBody).toContain('这一天的日程已从您的日历中取消');
    const requestUid = /UID:(.+)\r\n/.exec(request.calendarContent!)![1];
    expect(cancels[0].calendarContent).toContain(`UID:${requestUid}\r\n`);
    expect(cancels[0].calendarContent).toContain('SEQUENCE:1\r\n');
    expect(cancels[0].calendarContent).toContain('RECURRENCE-ID:20210412T010000Z\r\n');
    expect(daysKept(request.calendarContent!, cancels[0].calendarContent!)).toEqual(['2021-04-13T01:00:00.000Z']);
  });

  it('the cancelled day does not come back: a later update and the downloaded calendar exclude it (EXDATE)', async () => {
    await t.get(SessionChangesService).update(sessions[0].id, { venue: '上海市司法局新培训中心' });
    const update = (await mails(people[0].email)).filter((m) => m.calendarMethod === 'REQUEST').pop()!;
    expect(update.calendarContent).toContain('EXDATE:20210412T010000Z');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(update.calendarContent!)).getFirstSubcomponent('vevent')!);
    const it = event.iterator();
    const days: string[] = [];
    for (let next = it.next(); next; next = it.next()) days.push(next.toJSDate().toISOString());
    expect(days).toEqual(['2021-04-13T01:00:00.000Z']);
    const download = await t.http.get(`/r/${people[0].token}/invitation.ics`).expect(200);
    expect(download.text).toContain('EXDATE:20210412T010000Z');
    // Others of the session keep both days.
    const other = (await mails(people[2].email)).filter((m) => m.calendarMethod === 'REQUEST').pop()!;
    expect(other.calendarContent).not.toContain('EXDATE');
  });

  it('approving again is refused; nothing more is sent', async () => {
    const [leave] = await leaveRows();
    const count = (await mails(people[0].email)).length;
    const res = await t.http.post(`/admin/leave/${leave.id}/approve`).set(organiser).set('Accept', 'application/json').type('form').send({});
    expect(res.status).toBe(409);
    expect((await mails(people[0].email)).length).toBe(count);
  });

  it('leave for the whole session, asked by the coordinator: the seat is freed, the waitlisted person promoted, the participant told', async () => {
    const res = await t.http.post(`/admin/runs/${runId}/leave`).set(coordinator).set('Accept', 'text/html').type('form').send({ registrationId: String(people[1].registrationId), what: 'session', reason: '病假' });
    expect(res.status).toBe(303);
    const leave = (await leaveRows())[1];
    expect(leave.requestedBy).toBe('coord');
    await t.http.post(`/admin/leave/${leave.id}/approve`).set(coordinator).type('form').send({}).expect(303);
    expect((await t.dataSource.getRepository(Registration).findOneByOrFail({ id: people[1].registrationId })).status).toBe('cancelled');
    expect((await t.dataSource.getRepository(Registration).findOneByOrFail({ participantId: waiting.id, status: 'confirmed' })).sessionId).toBe(sessions[0].id);
    const sent = await mails(people[1].email);
    expect(sent.some((m) => m.calendarMethod === 'CANCEL')).toBe(true);
    expect(sent.some((m) => m.kind === 'notice' && m.subject.startsWith('【请假批准】'))).toBe(true);
  });

  it('a refusal tells the participant with the note; the day stays', async () => {
    await ask(people[2].token, { registrationId: String(people[2].registrationId), what: '2021-04-13', reason: '家中有事' }).expect(303);
    const leave = (await leaveRows())[2];
    await t.http.post(`/admin/leave/${leave.id}/refuse`).set(organiser).type('form').send({ note: '培训重要，请安排工作' }).expect(303);
    const notice = (await mails(people[2].email)).find((m) => m.subject.startsWith('【请假未批准】'))!;
    expect(notice.textBody).toContain('说明：培训重要，请安排工作');
    expect(await t.dataSource.getRepository(Attendance).findBy({ participantId: people[2].id })).toEqual([]);
  });

  it('a substitute from the same office (替训) takes the seat of a whole-session leave and gets their own invitation', async () => {
    // `waiting` was promoted into session 1 above.
    const registration = await t.dataSource.getRepository(Registration).findOneByOrFail({ participantId: waiting.id, status: 'confirmed' });
    await t.http.post(`/admin/runs/${runId}/leave`).set(organiser).type('form').send({ registrationId: String(registration.id), what: 'session', reason: '抽调外出' }).expect(303);
    const leave = (await leaveRows())[3];
    const bad = await t.http.post(`/admin/leave/${leave.id}/approve`).set(organiser).set('Accept', 'application/json').type('form').send({ substituteName: '李副所长', substituteMobile: '123', substituteEmail: 'deputy@example.org' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('替训人员信息有误');
    expect((await leaveRows())[3].status).toBe('pending');
    const seats = (await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: sessions[0].id })).confirmedCount;
    await t.http.post(`/admin/leave/${leave.id}/approve`).set(organiser).type('form').send({ substituteName: '李副所长', substituteMobile: '13900000001', substituteEmail: 'deputy@example.org' }).expect(303);
    expect((await t.dataSource.getRepository(Registration).findOneByOrFail({ id: registration.id })).status).toBe('cancelled');
    const substitute = (await t.dataSource.query(`SELECT p.id, post.kind, post."unitCode" FROM participant p JOIN post ON post.id = p."postId" WHERE p.email = 'deputy@example.org'`))[0];
    const original = (await t.dataSource.query(`SELECT post."unitCode" FROM participant p JOIN post ON post.id = p."postId" WHERE p.id = ${Number(waiting.id)}`))[0];
    expect(substitute).toMatchObject({ kind: 'substitute', unitCode: original.unitCode });
    expect((await t.dataSource.getRepository(Registration).findOneByOrFail({ participantId: substitute.id })).status).toBe('confirmed');
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: sessions[0].id })).confirmedCount).toBe(seats);
    expect((await mails('deputy@example.org')).map((m) => m.calendarMethod)).toEqual(['REQUEST']);
    expect((await leaveRows())[3].substituteParticipantId).toBe(substitute.id);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'registration.substitute' })).toBe(1);
    // The leaver's notice names the substitute in one sentence (it read "…培训邀请。；日历中…").
    const leaverEmail = (await t.dataSource.query(`SELECT email FROM participant WHERE id = ${Number(waiting.id)}`))[0].email;
    const approval = (await mails(leaverEmail)).filter((m) => m.subject.startsWith('【请假批准】')).pop()!;
    expect(approval.textBody).toContain('由李副所长替训，其将另行收到培训邀请；日历中的培训安排将另行收到取消通知。');
  });

  it('a day of approved leave stays leave: a roster tick (a form the page does not show) is 409, the row unchanged', async () => {
    t.clock.set(shanghai(sessions[0].firstDay, '08:40'));
    const staff = asOrganiser(await signInStaffCookie(t));
    const tick = await t.http.post(`/admin/sessions/${sessions[0].id}/days/${sessions[0].firstDay}/attendance/${people[0].id}`).set(staff).set('Accept', 'application/json').type('form').send({ status: 'present' });
    expect(tick.status).toBe(409);
    expect(tick.body.message).toContain('已获准请假');
    expect(await t.dataSource.getRepository(Attendance).findBy({ participantId: people[0].id })).toMatchObject([{ day: sessions[0].firstDay, status: 'leave', method: 'leave' }]);
  });
});
