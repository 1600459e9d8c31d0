import { simpleParser } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { csv, district, holderOf, listedTotal, page, participantRows, participantsById, ROSTER } from '../utils/organiser';
import { loginForm, createTestApp, deliverAll, openRun, organiserCookie, ORGANISER_PASSWORD, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

const HEADER = ['单位代码', '岗位', '姓名', '手机', '邮箱'];

describe('Organiser sign-in and overview', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('/admin without a login redirects (303) to the login page with next', async () => {
    const res = await page(t, 'get', '/admin').expect(303);
    expect(res.headers.location).toBe('/admin/login?next=%2Fadmin');
    const api = await t.http.get(`/api/admin/runs/1/overview`).expect(401);
    expect(api.body.code).toBe('UNAUTHENTICATED');
  });

  it('a wrong password answers 401 with the login page and 用户名或密码错误, and sets no session cookie', async () => {
    const { cookie, csrf } = await loginForm(t);
    const res = await page(t, 'post', '/admin/login').set('Cookie', cookie).type('form').send({ username: 'organiser', password: `${ORGANISER_PASSWORD}x`, _csrf: csrf }).expect(401);
    expect(res.text).toContain('用户名或密码错误');
    expect((res.headers['set-cookie'] as unknown as string[]).some((c) => c.startsWith('sid='))).toBe(false);
    const unknown = await page(t, 'post', '/admin/login').set('Cookie', cookie).type('form').send({ username: 'nobody', password: ORGANISER_PASSWORD, _csrf: csrf }).expect(401);
    expect(unknown.text).toContain('用户名或密码错误');
  });

  it('a sign-in without the form\'s CSRF token is refused (403) even with the right password', async () => {
    const res = await page(t, 'post', '/admin/login').type('form').send({ username: 'organiser', password: ORGANISER_PASSWORD }).expect(403);
    expect(res.text).toContain('登录页面已过期');
    expect((res.headers['set-cookie'] as unknown as string[]).some((c) => c.startsWith('sid='))).toBe(false);
  });

  it('after login the overview shows the roster line, the three sessions at 0 / 90 and 16 district rows', async () => {
    const cookie = await organiserCookie(t);
    const res = await page(t, 'get', '/admin', cookie).expect(200);
    expect(res.text).toContain('16 个区 · 215 个司法所 · 247 个参训岗位 · 247 名参训人员');

    const sessionsTable = res.text.slice(res.text.indexOf('<h2>各期报名情况</h2>'), res.text.indexOf('<h2>各区 × 期次'));
    for (const n of ['一', '二', '三']) expect(sessionsTable).toContain(`<td>全市司法所长培训班（第${n}期）</td>`);
    expect(sessionsTable.match(/<td class="num">0 \/ 90<\/td>/g)).toHaveLength(3);

    const districtTable = res.text.slice(res.text.indexOf('<h2>各区 × 期次'));
    const rows = [...districtTable.matchAll(/<tr><td>([^<]+)<\/td>((?:<td class="num">\d+<\/td>)+)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(ROSTER.districts.map((d) => d.name));
    for (const [i, row] of rows.entries()) {
      const numbers = [...row[2].matchAll(/>(\d+)</g)].map((m) => Number(m[1]));
      const people = ROSTER.districts[i].offices.length + 2;
      // three sessions, waitlisted, unregistered, participants
      expect(numbers).toEqual([0, 0, 0, 0, people, people]);
    }
  });
});

describe('Opening registration and personal links', () => {
  let t: TestApp;
  let cookie: string;
  let runId: number;
  let sessionIds: number[];

  beforeAll(async () => {
    t = await createTestApp();
    cookie = await organiserCookie(t);
    runId = (await t.dataSource.getRepository(TrainingRun).findOneByOrFail({ slug: '2021-04-judicial-office-directors' })).id;
    sessionIds = (await t.dataSource.getRepository(TrainingSession).find({ order: { ordinal: 'ASC' } })).map((s) => s.id);
    const res = await page(t, 'post', `/admin/runs/${runId}/open`, cookie).expect(303);
    expect(res.headers.location).toMatch(new RegExp(`^/admin\\?notice=opened&run=${runId}&batch=\\d+$`)); // with its mails' progress (issue 11, item 8)
  });
  afterAll(() => t.close());

  const outbox = () => t.dataSource.getRepository(OutboxMessage);

  /** The personal link of a delivered personal-link mail, read from its .eml file. */
  async function mailedLink(message: OutboxMessage): Promise<string> {
    const parsed = await simpleParser(await readFile(join(t.config.mail.outboxDir, `${message.id}-personal-link.eml`)));
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0].address : '').toBe(message.recipientAddress);
    const match = /http:\/\/localhost:3000(\/r\/[A-Za-z0-9_-]{43})\b/.exec(parsed.text ?? '');
    expect(match).not.toBeNull();
    return match![1];
  }

  it('puts 247 personal-link messages, one per participant, in the outbox; delivering writes 247 .eml files', async () => {
    const links = await outbox().findBy({ kind: 'personal-link' });
    expect(links).toHaveLength(247);
    expect(new Set(links.map((m) => m.recipientAddress)).size).toBe(247);
    expect((await t.dataSource.getRepository(Participant).find()).every((p) => p.tokenHash !== null)).toBe(true);

    await deliverAll(t);
    const files = (await readdir(t.config.mail.outboxDir)).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(247);
    expect(await outbox().countBy({ kind: 'personal-link', status: 'sent' })).toBe(247);
  });

  it('a participant can open the page and register from the link in their delivered mail', async () => {
    await deliverAll(t);
    const person = await holderOf(t, '310104003', 'office_director');
    const message = await outbox().findOneByOrFail({ kind: 'personal-link', recipientAddress: person.email });
    const link = await mailedLink(message);

    const pageRes = await page(t, 'get', link).expect(200);
    expect(pageRes.text).toContain(person.name);
    await page(t, 'post', `${link}/registration`).type('form').send({ choice1: String(sessionIds[2]) }).expect(303);
    expect(await t.dataSource.getRepository(Registration).findOneByOrFail({ participantId: person.id })).toMatchObject({
      status: 'confirmed',
      sessionId: sessionIds[2],
    });
  });

  it('opening a second time → 409 with a Chinese message, no more links sent', async () => {
    const before = await outbox().countBy({ kind: 'personal-link' });
    const res = await page(t, 'post', `/admin/runs/${runId}/open`, cookie).expect(409);
    expect(res.text).toContain('报名已开放过，无需重复操作');
    expect(await outbox().countBy({ kind: 'personal-link' })).toBe(before);
  });

  it('the participants list filters by district and by status', async () => {
    const jingan = await district(t, '310106');
    const [a, b] = [await holderOf(t, '310106006', 'office_director'), await holderOf(t, '310106', 'promotion_section_head')];
    for (const [p, s] of [[a, sessionIds[0]], [b, sessionIds[1]]] as const) {
      await page(t, 'post', `/admin/participants/${p.id}/registration`, cookie).type('form').send({ sessionId: String(s) }).expect(303);
    }
    const inJingan = ROSTER.districts.find((d) => d.code === '310106')!.offices.length + 2;

    const byDistrict = await page(t, 'get', `/admin/participants?district=${jingan.id}`, cookie).expect(200);
    expect(listedTotal(byDistrict.text)).toBe(inJingan);
    const rows = participantRows(byDistrict.text);
    expect(rows).toHaveLength(inJingan);
    expect(new Set(rows.map((r) => r.district))).toEqual(new Set(['静安区']));

    const confirmed = await page(t, 'get', `/admin/participants?district=${jingan.id}&status=confirmed`, cookie).expect(200);
    expect(participantRows(confirmed.text).map((r) => r.name).sort()).toEqual([a.name, b.name].sort());

    const allConfirmed = participantRows((await page(t, 'get', '/admin/participants?status=confirmed', cookie).expect(200)).text);
    expect(allConfirmed.every((r) => r.status === 'confirmed')).toBe(true);
    expect(allConfirmed.map((r) => r.name)).toEqual(expect.arrayContaining([a.name, b.name]));

    const none = await page(t, 'get', `/admin/participants?district=${jingan.id}&status=none`, cookie).expect(200);
    expect(listedTotal(none.text)).toBe(inJingan - 2);
    expect(participantRows(none.text).every((r) => r.status === 'none')).toBe(true);
  });

  it('reissuing a link shows the new link once and the old link stops working (404)', async () => {
    await deliverAll(t);
    const person = await holderOf(t, '310105001', 'office_director');
    const old = await mailedLink(await outbox().findOneByOrFail({ kind: 'personal-link', recipientAddress: person.email }));
    await page(t, 'get', old).expect(200);

    const res = await page(t, 'post', `/admin/participants/${person.id}/link`, cookie).type('form').send({});
    expect(res.status).toBe(200);
    const shown = /<p class="link-box">http:\/\/localhost:3000(\/r\/[A-Za-z0-9_-]{43})<\/p>/.exec(res.text);
    expect(shown).not.toBeNull();
    expect(res.text).toContain(person.name);
    expect(shown![1]).not.toBe(old);

    const oldRes = await page(t, 'get', old).expect(404);
    expect(oldRes.text).toContain('个人报名链接无效或已失效');
    await page(t, 'get', shown![1]).expect(200);
    expect(await outbox().countBy({ kind: 'personal-link', recipientAddress: person.email })).toBe(2);
    // The link is shown only on that response: the participants page does not carry it.
    const list = await page(t, 'get', `/admin/participants?district=${(await district(t, '310105')).id}`, cookie).expect(200);
    expect(list.text).not.toContain(shown![1].slice(3));
  });

  it('the organiser moves a registration to another session, then cancels it', async () => {
    const person = await holderOf(t, '310107005', 'office_director');
    await page(t, 'post', `/admin/participants/${person.id}/registration`, cookie).type('form').send({ sessionId: String(sessionIds[0]) }).expect(303);
    const repo = t.dataSource.getRepository(Registration);
    const registration = await repo.findOneByOrFail({ participantId: person.id });
    expect(registration).toMatchObject({ status: 'confirmed', sessionId: sessionIds[0], updatedBy: 'organiser' });
    const counts = async () => (await t.dataSource.getRepository(TrainingSession).find({ order: { ordinal: 'ASC' } })).map((s) => s.confirmedCount);
    const start = await counts();

    const moved = await page(t, 'post', `/admin/registrations/${registration.id}/move`, cookie).type('form').send({ sessionId: String(sessionIds[1]) }).expect(303);
    expect(moved.headers.location).toBe('/admin/participants?notice=moved');
    expect(await repo.findOneByOrFail({ id: registration.id })).toMatchObject({ status: 'confirmed', sessionId: sessionIds[1] });
    expect(await counts()).toEqual([start[0] - 1, start[1] + 1, start[2]]);

    await page(t, 'post', `/admin/registrations/${registration.id}/cancel`, cookie).expect(303);
    expect(await repo.findOneByOrFail({ id: registration.id })).toMatchObject({ status: 'cancelled' });
    expect(await counts()).toEqual([start[0] - 1, start[1], start[2]]);
    const methods = (await outbox().find({ where: { recipientAddress: person.email, kind: 'invitation' }, order: { id: 'ASC' } })).map((m) => m.calendarMethod);
    expect(methods).toEqual(['REQUEST', 'CANCEL', 'REQUEST', 'CANCEL']);
  });
});

describe('Roster import (POST /admin/import)', () => {
  let t: TestApp;
  let cookie: string;

  beforeEach(async () => {
    t = await createTestApp();
    cookie = await organiserCookie(t);
  });
  afterEach(() => t.close());

  const upload = (file: Buffer, name = 'roster.csv') => page(t, 'post', '/admin/import', cookie).attach('file', file, name);

  const rows = [
    ['310101002', '司法所所长', '张伟', '13800000001', 'zhang.wei@example.org'],
    ['310101', '促进法治科（处）负责人', '李娜', '13800000002', 'li.na@example.org'],
    ['310101013', '司法所所长', '王芳', '13800000003', 'wang.fang@example.org'],
  ];

  it('a valid CSV for 3 posts updates exactly those 3 people (isDemo false) and no one else', async () => {
    const before = await participantsById(t);
    const targets = [
      await holderOf(t, '310101002', 'office_director'),
      await holderOf(t, '310101', 'promotion_section_head'),
      await holderOf(t, '310101013', 'office_director'),
    ];
    const res = await upload(csv([HEADER, ...rows]));
    expect(res.status).toBe(200);
    expect(res.text).toContain('导入完成：更新 3 人，未变化 0 人。');

    const after = await participantsById(t);
    targets.forEach((target, i) => {
      expect(after.get(target.id)).toMatchObject({ name: rows[i][2], mobile: rows[i][3], email: rows[i][4], isDemo: false });
    });
    const targetIds = new Set(targets.map((p) => p.id));
    const others = [...after.values()].filter((p) => !targetIds.has(p.id));
    expect(others).toHaveLength(244);
    for (const p of others) expect(p).toEqual(before.get(p.id));
  });

  it('one bad row of 3 (unknown unit code) → 422 page listing the row error in Chinese, and NOTHING is applied', async () => {
    const before = await participantsById(t);
    const bad = [rows[0], rows[1], ['310101999', '司法所所长', '王芳', '13800000003', 'wang.fang@example.org']];
    const res = await upload(csv([HEADER, ...bad])).expect(422);
    expect(res.text).toContain('导入失败：共 1 处错误，未写入任何数据。');
    expect(res.text).toContain('第 4 行：单位代码 310101999 不存在');
    expect(await participantsById(t)).toEqual(before);
  });

  it('a row whose unit has no such post → 422, nothing applied', async () => {
    const before = await participantsById(t);
    // 310101 is a district: its code is valid but the post must be a section head, not a director.
    const res = await upload(csv([HEADER, rows[0], ['310101', '司法所所长', '李娜', '13800000002', 'li.na@example.org'], rows[2]])).expect(422);
    expect(res.text).toContain('第 3 行：');
    expect(res.text).toContain('是区代码');
    expect(await participantsById(t)).toEqual(before);
  });

  it('an address used by a participant not in the file is refused; nothing applied', async () => {
    const before = await participantsById(t);
    const other = await holderOf(t, '310101015', 'office_director');
    const res = await upload(csv([HEADER, [...rows[0].slice(0, 4), other.email], rows[1], rows[2]])).expect(422);
    expect(res.text).toContain(`第 2 行：邮箱 ${other.email} 已被其他岗位人员使用`);
    expect(await participantsById(t)).toEqual(before);
  });
});

describe('Session edit page', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('raising capacity from 1 to 2 confirms the first person on the waitlist', async () => {
    const cookie = await organiserCookie(t);
    const { run, sessions } = await openRun(t);
    const s = sessions[0];
    await setCapacity(t, s.id, 1);
    const [first, second] = await participantsWithTokens(t, 2);
    const register = (token: string) =>
      t.http.post(`/api/runs/${run.id}/registration`).set('Authorization', `Bearer ${token}`).send({ preferredSessionIds: [s.id] }).expect(201);
    expect((await register(first.token)).body).toMatchObject({ status: 'confirmed', sessionId: s.id });
    expect((await register(second.token)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const form = await page(t, 'get', `/admin/sessions/${s.id}/edit`, cookie).expect(200);
    expect(form.text).toContain('已确认 1 人');
    const res = await page(t, 'post', `/admin/sessions/${s.id}`, cookie)
      .type('form')
      .send({ title: s.title, firstDay: s.firstDay, dayCount: String(s.dayCount), dailyStart: s.dailyStart, dailyEnd: s.dailyEnd, venue: s.venue, capacity: '2' })
      .expect(303);
    expect(res.headers.location).toBe(`/admin?notice=saved&run=${s.runId}`);

    const repo = t.dataSource.getRepository(Registration);
    expect(await repo.findOneByOrFail({ participantId: second.id })).toMatchObject({ status: 'confirmed', sessionId: s.id, queuedAt: null });
    expect(await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s.id })).toMatchObject({ capacity: 2, confirmedCount: 2 });
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipientAddress: second.email, calendarMethod: 'REQUEST' })).toBe(1);
    // Unchanged dates: no update is sent to the person already confirmed.
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipientAddress: first.email, calendarMethod: 'REQUEST' })).toBe(1);
  });
});
