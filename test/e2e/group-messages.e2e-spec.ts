import { randomUUID } from 'node:crypto';
import { AccountsService } from '../../src/auth/accounts.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { GroupMessage } from '../../src/messaging/group-message.entity';
import { AttendanceService } from '../../src/attendance/attendance.service';
import { LeaveService } from '../../src/leave/leave.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { asOrganiser, createTestApp, deliverAll, openRun, organiserCookie, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';
import { confirmedIn } from '../utils/training-days';

/** Issue 11, items 2 and 8: a message to a filtered group, previewed with its count before anything is queued. */
describe('Messages to a group (issue 11, items 2 and 8)', () => {
  let t: TestApp;
  let organiser: Record<string, string>;
  let coordinator: Record<string, string>;
  let runId: number;
  let sessions: Awaited<ReturnType<typeof openRun>>['sessions'];
  let people: Awaited<ReturnType<typeof confirmedIn>>;

  beforeAll(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    runId = opened.run.id;
    sessions = opened.sessions;
    await setCapacity(t, sessions[1].id, 1);
    people = await confirmedIn(t, runId, sessions[0], 3);
    const more = await participantsWithTokens(t, 5);
    await t.get(RegistrationsService).register({ participantId: more[3].id, runId, preferences: [sessions[1].id], actor: 'organiser' });
    await t.get(RegistrationsService).register({ participantId: more[4].id, runId, preferences: [sessions[1].id], actor: 'organiser' }); // waitlisted
    organiser = asOrganiser(await organiserCookie(t));
    await t.get(AccountsService).create({ username: 'coord', displayName: '协调员', role: 'coordinator', districtId: people[0].districtId, password: 'coordinator-pw-1' });
    coordinator = asOrganiser(await organiserCookie(t, 'coord', 'coordinator-pw-1'));
  });
  afterAll(() => t.close());

  const notices = () => t.dataSource.getRepository(OutboxMessage).find({ where: { kind: 'notice', subject: '开班须知' } });
  const draft = { session: '', district: '', status: 'confirmed', subject: '开班须知', body: '请提前十分钟到达。\n带好笔记本。' };

  it('the preview says how many and who, shows the mail, and queues nothing', async () => {
    const res = await t.http.post(`/admin/runs/${runId}/messages/preview`).set(organiser).set('Accept', 'text/html').type('form').send({ ...draft, session: String(sessions[0].id) }).expect(200);
    expect(res.text).toContain('将向 <strong>3</strong> 人发送邮件');
    for (const p of people) expect(res.text).toContain(p.name);
    expect(res.text).toContain('请提前十分钟到达。');
    expect(res.text).toContain('name="expectedCount" value="3"');
    expect(await notices()).toEqual([]);
  });

  it('confirming queues one mail per person and shows delivery progress', async () => {
    const res = await t.http.post(`/admin/runs/${runId}/messages`).set(organiser).type('form').send({ ...draft, session: String(sessions[0].id), expectedCount: '3', sendKey: randomUUID() }).expect(303);
    const mails = await notices();
    expect(mails.map((m) => m.recipientAddress).sort()).toEqual(people.map((p) => p.email).sort());
    expect(mails[0].textBody).toContain('带好笔记本。');
    let progress = await t.http.get(res.headers.location).set(organiser).set('Accept', 'text/html').expect(200);
    expect(progress.text).toContain('已发送 <strong>0</strong> / 3');
    await deliverAll(t);
    progress = await t.http.get(res.headers.location).set(organiser).set('Accept', 'text/html').expect(200);
    expect(progress.text).toContain('已发送 <strong>3</strong> / 3（100%）');
    expect(progress.text).toContain('href="/admin/outbox?status=failed"');
  });

  it('statuses select the right people: waitlisted, and not registered', async () => {
    const waitlisted = await t.http.post(`/admin/runs/${runId}/messages/preview`).set(organiser).set('Accept', 'text/html').type('form').send({ ...draft, status: 'waitlisted' }).expect(200);
    expect(waitlisted.text).toContain('将向 <strong>1</strong> 人发送邮件');
    const notRegistered = await t.http.post(`/admin/runs/${runId}/messages/preview`).set(organiser).set('Accept', 'text/html').type('form').send({ ...draft, status: 'not-registered' }).expect(200);
    expect(notRegistered.text).toContain(`将向 <strong>${247 - 5}</strong> 人发送邮件`);
  });

  it('absent: marked absent, or no sign-in on a day that has ended; on leave: an approved leave', async () => {
    const staff = { id: 1, username: 'organiser', displayName: '', role: 'organiser' as const, districtId: null, csrfToken: '' };
    t.clock.set('2021-04-12T01:30:00Z');
    await t.get(AttendanceService).mark(sessions[0].id, sessions[0].firstDay, people[0].id, 'present', staff);
    await t.get(AttendanceService).mark(sessions[0].id, sessions[0].firstDay, people[1].id, 'absent', staff);
    const preview = async (status: string) => {
      const cookie = asOrganiser(await organiserCookie(t));
      return (await t.http.post(`/admin/runs/${runId}/messages/preview`).set(cookie).set('Accept', 'text/html').type('form').send({ ...draft, session: String(sessions[0].id), status }).expect(200)).text;
    };
    let page = await preview('absent');
    expect(page).toContain('将向 <strong>1</strong> 人发送邮件');
    expect(page).toContain(people[1].name);
    t.clock.set('2021-04-12T12:00:00Z'); // day 1 has ended: people[2] never signed in
    page = await preview('absent');
    expect(page).toContain('将向 <strong>2</strong> 人发送邮件');
    expect(page).toContain(people[2].name);
    expect(page).not.toContain(people[0].name);
    const leaveId = await t.get(LeaveService).request(people[0].registrationId, { scope: 'day', day: '2021-04-13', reason: '会议' }, { kind: 'participant' }, people[0].id);
    await t.get(LeaveService).approve(leaveId, staff);
    page = await preview('leave');
    expect(page).toContain('将向 <strong>1</strong> 人发送邮件');
    expect(page).toContain(people[0].name);
    t.clock.set('2021-03-22T01:00:00Z');
    organiser = asOrganiser(await organiserCookie(t));
    coordinator = asOrganiser(await organiserCookie(t, 'coord', 'coordinator-pw-1'));
  });

  it('one preview sends once: a double click or parallel submits of the same form give one message and one mail per person', async () => {
    const form = { ...draft, subject: '报到须知', session: String(sessions[0].id) };
    const preview = await t.http.post(`/admin/runs/${runId}/messages/preview`).set(organiser).set('Accept', 'text/html').type('form').send(form).expect(200);
    const sendKey = /name="sendKey" value="([0-9a-f-]{36})"/.exec(preview.text)?.[1];
    expect(sendKey).toBeDefined();
    const before = await t.dataSource.getRepository(GroupMessage).count();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.http.post(`/admin/runs/${runId}/messages`).set(organiser).type('form').send({ ...form, expectedCount: '3', sendKey })),
    );
    expect(answers.map((a) => a.status)).toEqual([303, 303, 303, 303, 303]);
    expect(new Set(answers.map((a) => a.headers.location)).size).toBe(1);
    expect(await t.dataSource.getRepository(GroupMessage).count()).toBe(before + 1);
    const mails = await t.dataSource.getRepository(OutboxMessage).find({ where: { kind: 'notice', subject: '报到须知' } });
    expect(mails.map((m) => m.recipientAddress).sort()).toEqual(people.map((p) => p.email).sort());
    // A form without the preview's key is refused; another account cannot reuse a key.
    const keyless = await t.http.post(`/admin/runs/${runId}/messages`).set(organiser).set('Accept', 'application/json').type('form').send({ ...form, expectedCount: '3' });
    expect(keyless.status).toBe(400);
    const foreign = await t.http.post(`/admin/runs/${runId}/messages`).set(coordinator).set('Accept', 'application/json').type('form').send({ ...form, expectedCount: '3', sendKey });
    expect(foreign.status).toBe(404);
  });

  it('a group that changed since the preview is refused (409) and nothing is queued', async () => {
    const before = await t.dataSource.getRepository(OutboxMessage).count();
    const res = await t.http.post(`/admin/runs/${runId}/messages`).set(organiser).set('Accept', 'application/json').type('form').send({ ...draft, status: 'waitlisted', expectedCount: '2', sendKey: randomUUID() });
    expect(res.status).toBe(409);
    expect(res.text).toContain('收件人已变化（预览时 2 人，现在 1 人）');
    const missing = await t.http.post(`/admin/runs/${runId}/messages`).set(organiser).set('Accept', 'application/json').type('form').send({ ...draft, status: 'waitlisted', sendKey: randomUUID() });
    expect(missing.status).toBe(400);
    // A session or district that is not an id is refused, never read as "everyone".
    for (const wrong of [{ session: '9'.repeat(400) }, { district: 'abc' }]) {
      const refused = await t.http.post(`/admin/runs/${runId}/messages/preview`).set(organiser).set('Accept', 'application/json').type('form').send({ ...draft, ...wrong });
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(/请选择列表中的(期次|区)/);
    }
    const bad = await t.http.post(`/admin/runs/${runId}/messages/preview`).set(organiser).set('Accept', 'application/json').type('form').send({ ...draft, status: 'vip' });
    expect(bad.status).toBe(400);
    // The subject is one line: a line break (it would be folded into the Subject header) is refused.
    const twoLines = await t.http.post(`/admin/runs/${runId}/messages`).set(organiser).set('Accept', 'application/json').type('form').send({ ...draft, subject: '开班须知\r\nBcc: x@example.org', expectedCount: '3', sendKey: randomUUID() });
    expect(twoLines.status).toBe(400);
    expect(twoLines.text).toContain('邮件主题不能含换行');
    expect(await t.dataSource.getRepository(OutboxMessage).count()).toBe(before);
  });

  it('a coordinator reaches only their own district, whatever district they send', async () => {
    const other = (await t.dataSource.query(`SELECT id FROM district WHERE id <> ${Number(people[0].districtId)} LIMIT 1`))[0].id;
    const res = await t.http.post(`/admin/runs/${runId}/messages/preview`).set(coordinator).set('Accept', 'text/html').type('form').send({ ...draft, status: '', district: String(other) }).expect(200);
    const inDistrict = Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM participant p JOIN post ON post.id = p."postId" WHERE post."districtId" = ${Number(people[0].districtId)}`))[0].n);
    expect(res.text).toContain(`将向 <strong>${inDistrict}</strong> 人发送邮件`);
    const sent = await t.http.post(`/admin/runs/${runId}/messages`).set(coordinator).type('form').send({ ...draft, status: '', district: String(other), expectedCount: String(inDistrict), sendKey: randomUUID() }).expect(303);
    const message = await t.dataSource.getRepository(GroupMessage).findOneByOrFail({ id: Number(sent.headers.location.split('/').pop()) });
    expect(message.audience.districtId).toBe(people[0].districtId);
    // Their progress page does not send them to the mail queue, which is the organisers'.
    const theirs = await t.http.get(sent.headers.location).set(coordinator).set('Accept', 'text/html').expect(200);
    expect(theirs.text).not.toContain('/admin/outbox');
    expect(theirs.text).toContain('请联系市局组织者重新发送');
    // Another coordinator's or the organiser's message is not theirs to see.
    expect((await t.http.get('/admin/messages/1').set(coordinator).set('Accept', 'application/json')).status).toBe(404);
  });
});
