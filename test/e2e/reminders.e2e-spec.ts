import { simpleParser } from 'mailparser';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fillSecret, OutboxSecretsService, SECRET_QR_PLACEHOLDER } from '../../src/invitations/outbox-secrets.service';
import { ReminderDelivery } from '../../src/messaging/reminder-rule.entity';
import { ReminderRulesService } from '../../src/messaging/reminder-rules.service';
import { RemindersService } from '../../src/messaging/reminders.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { TrainingSession } from '../../src/training/training-session.entity';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
import { asOrganiser, createTestApp, deliverAll, MARCH_2021, openRun, organiserCookie, TestApp } from '../utils/test-app';
import { confirmedIn, decodeQrHtmlTable, shanghai, signInStaffCookie } from '../utils/training-days';

/** Issue 11, item 1: reminder rules, sent exactly once per (rule, person, session, occurrence). */
describe('Reminders before a session and before the deadline (issue 11, item 1)', () => {
  let t: TestApp;
  let organiser: Record<string, string>;
  let people: Awaited<ReturnType<typeof confirmedIn>>;
  let sessions: TrainingSession[];
  let runId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    sessions = opened.sessions;
    runId = opened.run.id;
    people = await confirmedIn(t, runId, sessions[0], 3);
    organiser = asOrganiser(await organiserCookie(t));
  });
  afterAll(() => t.close());

  const reminderMails = () => t.dataSource.getRepository(OutboxMessage).find({ where: { kind: 'notice' }, order: { id: 'ASC' } });
  const addRule = (body: Record<string, string>) => t.http.post(`/admin/runs/${runId}/reminders`).set(organiser).set('Accept', 'application/json').type('form').send(body);

  it('a rule with a negative or missing offset is refused with a clear 400 in Chinese; nothing written', async () => {
    const negative = await addRule({ kind: 'session', daysBefore: '-1', sendAt: '09:00', note: '' });
    expect(negative.status).toBe(400);
    expect(negative.text).toContain('提前天数不能为负数');
    expect((await addRule({ kind: 'session', daysBefore: '', sendAt: '09:00' })).status).toBe(400);
    expect((await addRule({ kind: 'session', daysBefore: '3', sendAt: '25:00' })).status).toBe(400);
    expect((await addRule({ kind: 'weekly', daysBefore: '3', sendAt: '09:00' })).status).toBe(400);
    const twoLines = await addRule({ kind: 'session', daysBefore: '3', sendAt: '09:00', note: '带证件\r\n带笔' });
    expect(twoLines.status).toBe(400);
    expect(twoLines.text).toContain('附加说明不能含换行');
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM reminder_rule'))[0].n)).toBe(0);
  });

  it('3 days before a session at 09:00, one mail per confirmed person (time, venue, what to bring, QR), shown as scheduled in the mail queue', async () => {
    await addRule({ kind: 'session', daysBefore: '3', sendAt: '09:00', note: '请携带身份证件。' }).expect(303);
    const queue = await t.http.get('/admin/outbox').set(organiser).set('Accept', 'text/html').expect(200);
    expect(queue.text).toContain('已计划的提醒');
    expect(queue.text).toMatch(/全市司法所长培训班（第一期）开始前 3 天（确认参训人员）<\/td><td>2021年4月9日（星期五）09:00<\/td><td class="num">3<\/td><td class="num">0<\/td>/);
    t.clock.set(shanghai('2021-04-09', '08:59'));
    expect(await t.get(RemindersService).runDue()).toBe(0);
    t.clock.set(shanghai('2021-04-09', '09:00'));
    expect(await t.get(RemindersService).runDue()).toBe(3);
    const mails = await reminderMails();
    expect(mails.map((m) => m.recipientAddress).sort()).toEqual(people.map((p) => p.email).sort());
    expect(mails[0].subject).toBe('【培训提醒】全市司法所长培训班（第一期）');
    expect(mails[0].textBody).toContain('2021年4月12日（星期一） 09:00–17:00');
    expect(mails[0].textBody).toContain('地点：上海市司法局培训中心');
    expect(mails[0].textBody).toContain('请携带身份证件。');
    for (const p of people) expect(mails.map((m) => m.textBody + m.htmlBody).join('')).not.toContain(p.token);
    // The sign-in code is sealed until sent (issue 11, item 5, as personal links in issue 9): the
    // stored body has a placeholder, neither the code nor its QR picture.
    for (const m of mails) {
      expect(m.htmlBody).toContain(SECRET_QR_PLACEHOLDER);
      expect(m.htmlBody).not.toContain('aria-label="签到二维码"');
      expect(m.htmlBody + m.textBody).not.toMatch(/\/signin\/[A-Za-z0-9_-]{43}/);
      expect(m.sealedSecret).toMatch(/^v1:/);
    }
    // The mail as it will be sent (the dispatcher's fillSecret) carries the QR code: a sign-in code staff can scan on the day.
    const mine = mails.find((m) => m.recipientAddress === people[0].email)!;
    const scanUrl = decodeQrHtmlTable(fillSecret(mine, t.get(OutboxSecretsService).open(mine.sealedSecret!)).htmlBody);
    expect(scanUrl).toMatch(/^http:\/\/localhost:3000\/signin\/[A-Za-z0-9_-]{43}$/);
    t.clock.set(shanghai(sessions[0].firstDay, '08:40'));
    const staff = await signInStaffCookie(t);
    const scanned = await t.http.post(new URL(scanUrl).pathname).set(asOrganiser(staff)).set('Accept', 'text/html').type('form').send({}).expect(200);
    expect(scanned.text).toContain('签到成功 08:40');
    expect(scanned.text).toContain(people[0].name);
  });

  it('is sent once: another run, a restart, or a second instance at the same time send nothing more', async () => {
    t.clock.set(shanghai('2021-04-10', '10:00'));
    expect(await t.get(RemindersService).runDue()).toBe(0);
    const [a, b] = await Promise.all([t.get(RemindersService).runDue(), t.get(RemindersService).runDue()]);
    expect(a + b).toBe(0);
    expect(await reminderMails()).toHaveLength(3);
    // The unique key is what holds across instances: a second delivery row is refused by the database.
    const row = (await t.dataSource.getRepository(ReminderDelivery).find())[0];
    await expect(t.dataSource.getRepository(ReminderDelivery).insert({ ...row, id: undefined })).rejects.toThrow(/UNIQUE|unique constraint/);
  });

  it('a cancelled registration gets none; a session moved to a later date gets its reminder again for the new date', async () => {
    t.clock.set(MARCH_2021);
    await t.get(RegistrationsService).cancelByOrganiser(people[2].registrationId);
    await t.get(SessionChangesService).update(sessions[0].id, { firstDay: '2021-04-15' });
    t.clock.set(shanghai('2021-04-12', '09:00'));
    expect(await t.get(RemindersService).runDue()).toBe(2);
    const latest = (await reminderMails()).slice(-2);
    expect(latest.map((m) => m.recipientAddress).sort()).toEqual([people[0].email, people[1].email].sort());
    expect(latest[0].textBody).toContain('2021年4月15日');
    // The reminders for the old date (never delivered in this test) were withdrawn, not sent.
    const old = (await reminderMails()).slice(0, 3);
    expect(old.map((m) => m.status)).toEqual(['superseded', 'superseded', 'superseded']);
    expect(latest.map((m) => m.status)).toEqual(['pending', 'pending']);
    // Sent: the mail carries the QR code drawn from the sealed code, and the secret is erased (issue 11, item 5).
    await deliverAll(t);
    const sent = await simpleParser(await readFile(join(t.config.mail.outboxDir, `${latest[0].id}-notice.eml`)));
    expect(sent.html).toContain('aria-label="签到二维码"');
    expect(decodeQrHtmlTable(sent.html as string)).toMatch(/^http:\/\/localhost:3000\/signin\/[A-Za-z0-9_-]{43}$/);
    expect((await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: latest[0].id })).sealedSecret).toBeNull();
  });

  it('before the deadline, people not yet registered get one mail each; registered people none', async () => {
    t.clock.set(MARCH_2021);
    organiser = asOrganiser(await organiserCookie(t)); // the staff sign-in in April ended the March session
    await addRule({ kind: 'deadline', daysBefore: '1', sendAt: '10:00', note: '' }).expect(303);
    t.clock.set(shanghai('2021-04-06', '10:00'));
    const queued = await t.get(RemindersService).runDue();
    const registered = Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM registration WHERE status <> 'cancelled'`))[0].n);
    expect(queued).toBe(247 - registered);
    const deadline = (await reminderMails()).filter((m) => m.subject.startsWith('【报名提醒】'));
    expect(deadline).toHaveLength(247 - registered);
    expect(deadline.map((m) => m.recipientAddress)).not.toContain(people[0].email);
    expect(new Set(deadline.map((m) => m.recipientAddress)).size).toBe(deadline.length);
  });
});

describe('A reminder to someone on approved one-day leave', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('marks that day 已请假 and still lists the day they attend', async () => {
    const { run, sessions } = await openRun(t);
    const [person, other] = await confirmedIn(t, run.id, sessions[0], 2);
    const organiser = asOrganiser(await organiserCookie(t));
    await t.http.post(`/admin/runs/${run.id}/leave`).set(organiser).type('form').send({ registrationId: String(person.registrationId), what: '2021-04-13', reason: '区里开会' }).expect(303);
    const leaveId = (await t.dataSource.query('SELECT id FROM leave_request'))[0].id;
    await t.http.post(`/admin/leave/${leaveId}/approve`).set(organiser).type('form').send({}).expect(303);
    await t.get(ReminderRulesService).add(run.id, { kind: 'session', daysBefore: '3', sendAt: '09:00', note: '' });
    t.clock.set(shanghai('2021-04-09', '09:00'));
    expect(await t.get(RemindersService).runDue()).toBe(2);
    const mails = await t.dataSource.getRepository(OutboxMessage).find({ where: { subject: '【培训提醒】全市司法所长培训班（第一期）' } });
    const mine = mails.find((m) => m.recipientAddress === person.email)!;
    expect(mine.textBody).toContain('2021年4月12日（星期一） 09:00–17:00\n');
    expect(mine.textBody).toContain('2021年4月13日（星期二） 09:00–17:00（已请假）');
    expect(mine.htmlBody).toContain('2021年4月13日（星期二） 09:00–17:00（已请假）');
    expect(mails.find((m) => m.recipientAddress === other.email)!.textBody).not.toContain('已请假');
  });
});

describe('The reminder schedule runs by itself (@nestjs/schedule, REMINDER_INTERVAL_MS)', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('queues a due reminder without anyone calling it', async () => {
    t = await createTestApp({ REMINDER_INTERVAL_MS: '50' });
    const { run, sessions } = await openRun(t);
    const [p] = await confirmedIn(t, run.id, sessions[0], 1);
    await t.get(ReminderRulesService).add(run.id, { kind: 'session', daysBefore: '1', sendAt: '09:00', note: '' });
    t.clock.set(shanghai('2021-04-11', '09:30'));
    const deadline = Date.now() + 5000;
    let mails = 0;
    while (Date.now() < deadline && mails === 0) {
      await new Promise((r) => setTimeout(r, 50));
      mails = await t.dataSource.getRepository(OutboxMessage).countBy({ recipientAddress: p.email, kind: 'notice' });
    }
    expect(mails).toBe(1);
  });
});
