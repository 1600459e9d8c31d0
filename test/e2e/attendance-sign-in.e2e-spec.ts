import { Attendance } from '../../src/attendance/attendance.entity';
import { SignInCode } from '../../src/attendance/sign-in-code.entity';
import { SignInCodesService } from '../../src/attendance/sign-in-codes.service';
import { hashToken } from '../../src/common/tokens';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { AccountsService } from '../../src/auth/accounts.service';
import { asOrganiser, createTestApp, openRun, organiserCookie, TestApp } from '../utils/test-app';
import { confirmedIn, decodeQrPng, shanghai, signInStaffCookie } from '../utils/training-days';

/** Issue 11, item 5: the QR code on a participant's page, scanned by sign-in staff at the door. */
describe('Daily sign-in by QR code and on the roster (issue 11, item 5)', () => {
  let t: TestApp;
  let staff: string;
  let staff2: string;
  let people: Awaited<ReturnType<typeof confirmedIn>>;
  let sessions: Awaited<ReturnType<typeof openRun>>['sessions'];
  const codes: string[] = [];
  /** The scan URL of the QR image the page of `token` links to (fetched, then decoded), and the image's path. */
  const pageQr = async (token: string) => {
    const page = await t.http.get(`/r/${token}`).expect(200);
    const src = /<img src="(\/r\/[^"]+\/sign-in-qr\/\d+\.png)" alt="签到二维码"/.exec(page.text)![1];
    const image = await t.http.get(src).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(image.headers['content-type']).toBe('image/png');
    return { url: decodeQrPng(image.body as Buffer), src, etag: image.headers.etag as string };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    sessions = opened.sessions;
    people = await confirmedIn(t, opened.run.id, sessions[0], 4);
    staff = await signInStaffCookie(t, 'door1');
    staff2 = await signInStaffCookie(t, 'door2');
    for (const p of people) codes.push(/\/signin\/([A-Za-z0-9_-]{43})$/.exec((await pageQr(p.token)).url)![1]);
  });
  afterAll(() => t.close());

  const scan = (code: string, cookie?: string) => {
    const req = t.http.post(`/signin/${code}`).set('Accept', 'text/html');
    return cookie ? req.set(asOrganiser(cookie)).type('form').send({}) : req.type('form').send({});
  };
  /** Moves the product clock and signs the two staff in again (a login lasts 8 hours). */
  let loggedInAt = 0;
  const at = async (date: string, time: string) => {
    t.clock.set(shanghai(date, time));
    if (Math.abs(t.clock.now().getTime() - loggedInAt) < 4 * 3_600_000) return;
    loggedInAt = t.clock.now().getTime();
    staff = await organiserCookie(t, 'door1', 'signin-staff-pw-1');
    staff2 = await organiserCookie(t, 'door2', 'signin-staff-pw-1');
  };
  const rows = () => t.dataSource.getRepository(Attendance).find();

  it('the QR code on the page is the staff scan URL of a sign-in code, not the personal link', async () => {
    expect(codes[0]).not.toBe(people[0].token);
    expect(new Set(codes).size).toBe(codes.length);
    // The page shows the same code again (derived, not stored): a second visit decodes to the same URL.
    expect((await pageQr(people[0].token)).url).toContain(codes[0]);
    // Only the hash is stored; the code opens no personal page.
    expect(await t.dataSource.getRepository(SignInCode).countBy({ codeHash: hashToken(codes[0]) })).toBe(1);
    expect(await t.dataSource.getRepository(SignInCode).countBy({ codeHash: codes[0] })).toBe(0);
    expect((await t.http.get(`/r/${codes[0]}`).set('Accept', 'text/html')).status).toBe(404);
  });

  it('nobody but signed-in staff may sign in: anonymous is sent to sign in, a coordinator is refused; nothing written', async () => {
    await at(sessions[0].firstDay, '08:50');
    const anonymousPage = await t.http.get(`/signin/${codes[0]}`).set('Accept', 'text/html');
    expect(anonymousPage.status).toBe(303);
    expect(anonymousPage.headers.location).toBe(`/admin/login?next=${encodeURIComponent(`/signin/${codes[0]}`)}`);
    expect((await scan(codes[0])).status).toBe(401);
    await t.get(AccountsService).create({ username: 'coord', displayName: '协调员', role: 'coordinator', districtId: people[0].districtId, password: 'coordinator-pw-1' });
    const coordinator = await organiserCookie(t, 'coord', 'coordinator-pw-1');
    const refused = await scan(codes[0], coordinator);
    expect(refused.status).toBe(403);
    expect(await rows()).toEqual([]);
  });

  it('a scan shows who and which day with one button; the tap signs in at 08:50, a second scan answers 已签到 08:50', async () => {
    const page = await t.http.get(`/signin/${codes[0]}`).set(asOrganiser(staff)).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain(people[0].name);
    expect(page.text).toContain('第 1 天');
    expect(page.text).toContain('<button class="scan-button" type="submit">签到</button>');
    const first = await scan(codes[0], staff).expect(200);
    expect(first.text).toContain('签到成功 08:50');
    await at(sessions[0].firstDay, '09:30');
    const second = await scan(codes[0], staff2).expect(200);
    expect(second.text).toContain('已签到 08:50');
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ participantId: people[0].id, status: 'present', method: 'qr', recordedBy: 'door1', day: sessions[0].firstDay });
  });

  it('two staff scanning the same code at once write one row; one answer is 签到成功, the other 已签到', async () => {
    await at(sessions[0].firstDay, '09:05');
    const answers = await Promise.all([scan(codes[1], staff), scan(codes[1], staff2), scan(codes[1], staff)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.text.includes('签到成功 09:05'))).toHaveLength(1);
    expect(answers.filter((a) => a.text.includes('已签到 09:05'))).toHaveLength(2);
    expect((await rows()).filter((r) => r.participantId === people[1].id)).toHaveLength(1);
  });

  it('after the late grace (15 minutes by default) the sign-in is recorded as late', async () => {
    await at(sessions[0].firstDay, '09:16');
    expect((await scan(codes[2], staff).expect(200)).text).toContain('签到成功 09:16（迟到）');
    expect((await rows()).find((r) => r.participantId === people[2].id)!.status).toBe('late');
  });

  it('a code scanned on a day its session does not meet is refused with the person\'s session; nothing written', async () => {
    await at(sessions[1].firstDay, '09:00');
    const before = (await rows()).length;
    const res = await scan(codes[3], staff);
    expect(res.status).toBe(409);
    expect(res.text).toContain(`${people[3].name}属于全市司法所长培训班（第一期）`);
    expect(res.text).toContain('不是该期的培训日');
    expect(res.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日（星期.）不是该期的培训日/); // the day as pages write it, not 2021-04-19
    expect((await rows()).length).toBe(before);
  });

  it('a revoked code and a foreign code are refused with 404 in Chinese; nothing written', async () => {
    await at(sessions[0].firstDay, '10:00');
    await t.get(TransactionRunner).run((m) => t.get(SignInCodesService).revokeAll(m, people[3].registrationId));
    const before = (await rows()).length;
    for (const code of [codes[3], 'B'.repeat(43), 'not-a-code']) {
      const res = await scan(code, staff);
      expect(res.status).toBe(404);
      expect(res.text).toContain('签到码无效或已作废');
    }
    expect((await rows()).length).toBe(before);
    // The page issues a new revision; it signs in, the old one stays refused.
    const fresh = /\/signin\/([A-Za-z0-9_-]{43})$/.exec((await pageQr(people[3].token)).url)![1];
    expect(fresh).not.toBe(codes[3]);
    expect((await scan(fresh, staff).expect(200)).text).toContain('签到成功 10:00');
  });

  it('on the day roster staff tick people; two ticks at once give one row; counts show on the sign-in overview', async () => {
    await at(sessions[0].firstDay, '13:00');
    const day = `/admin/sessions/${sessions[0].id}/days/${sessions[0].firstDay}/attendance`;
    const roster = await t.http.get(day).set(asOrganiser(staff)).set('Accept', 'text/html').expect(200);
    for (const p of people) expect(roster.text).toContain(p.name);
    const tick = (cookie: string, status: string) => t.http.post(`${day}/${people[3].id}`).set(asOrganiser(cookie)).set('Accept', 'text/html').type('form').send({ status });
    // people[3] was signed in above; mark it absent first to test a change, then two present ticks at once.
    await tick(staff, 'absent').expect(303);
    expect((await rows()).find((r) => r.participantId === people[3].id)!.status).toBe('absent');
    const both = await Promise.all([tick(staff, 'present'), tick(staff2, 'present')]);
    expect(both.map((r) => r.status)).toEqual([303, 303]);
    const messages = both.map((r) => decodeURIComponent(r.headers.location));
    expect(messages.filter((m) => m.includes('签到成功 13:00'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('已签到 13:00'))).toHaveLength(1);
    expect((await rows()).filter((r) => r.participantId === people[3].id)).toHaveLength(1);
    const overview = await t.http.get('/admin/attendance').set(asOrganiser(staff)).set('Accept', 'text/html').expect(200);
    // Day 1: 4 confirmed, 4 signed in, 2 of them late (09:16 and 13:00); day 2: nobody yet.
    expect(overview.text).toMatch(/今天<\/span><\/td><td class="num">4<\/td><td class="num">4<\/td><td class="num">2<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num">0<\/td>/);
    // The organiser's overview shows the same live counts per day.
    const admin = await t.http.get('/admin').set(asOrganiser(await organiserCookie(t))).set('Accept', 'text/html').expect(200);
    expect(admin.text).toMatch(/<td>全市司法所长培训班（第一期）<\/td><td>2021年4月12日（星期一）<\/td><td class="num">4<\/td><td class="num">4<\/td><td class="num">2<\/td>/);
  });

  it('bad roster input answers a clear 4xx in Chinese and writes nothing', async () => {
    const before = await rows();
    const base = `/admin/sessions/${sessions[0].id}/days`;
    const post = (path: string, body: object) => t.http.post(path).set(asOrganiser(staff)).set('Accept', 'application/json').type('form').send(body);
    const wrongStatus = await post(`${base}/${sessions[0].firstDay}/attendance/${people[0].id}`, { status: 'leave' });
    expect(wrongStatus.status).toBe(400);
    expect(wrongStatus.body.message).toBe('请选择签到、迟到或缺勤。');
    const wrongDay = await post(`${base}/2021-04-14/attendance/${people[0].id}`, { status: 'present' });
    expect(wrongDay.status).toBe(400);
    expect(wrongDay.body.message).toContain('没有培训');
    const notHere = await post(`/admin/sessions/${sessions[1].id}/days/${sessions[1].firstDay}/attendance/${people[0].id}`, { status: 'present' });
    expect(notHere.status).toBe(404);
    expect(await rows()).toEqual(before);
  });

  it('sign-in staff may do sign-in and nothing else', async () => {
    for (const path of ['/admin/participants', '/admin/audit', '/admin/staffing/reports', '/admin/outbox']) {
      expect((await t.http.get(path).set(asOrganiser(staff)).set('Accept', 'text/html')).status).toBe(403);
    }
    const home = await t.http.get('/admin').set(asOrganiser(staff)).set('Accept', 'text/html');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/admin/attendance');
  });
});
