import { AccountsService } from '../../src/auth/accounts.service';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { Participant } from '../../src/organisation/participant.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { calendarOf } from '../utils/ical';
import { SmtpSink } from '../utils/smtp-sink';
import { asOrganiser, createTestApp, deliverAll, loginForm, openRun, organiserCookie, ORGANISER_PASSWORD, participantsWithTokens, TestApp } from '../utils/test-app';

const SCRIPT = '<script>alert("x")</script>';
// Zero-width characters are refused by the text rule (issue 9, item 11; import-files.e2e-spec.ts); a rare CJK character beyond the BMP is stored as is.
const INJECTIONS = ["'; DROP TABLE registration; --", '" OR 1=1 --', '{{constructor.constructor("x")()}}', '${7*7}', '../../etc/passwd', '生僻\u{20bb7}字'];

describe('Security: sign-in, CSRF, headers, escaping, limits, audit (issue 6)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('locks an account after 5 failed sign-ins; the right password is refused while locked', async () => {
    await t.get(AccountsService).create({ username: 'lockme', displayName: '测试', role: 'organiser', districtId: null, password: 'right-password-1' });
    const attempt = async (password: string) => {
      const { cookie, csrf } = await loginForm(t);
      return t.http.post('/admin/login').set('Cookie', cookie).type('form').send({ username: 'lockme', password, _csrf: csrf });
    };
    for (let i = 0; i < 4; i++) expect((await attempt('wrong-password')).status).toBe(401);
    const fifth = await attempt('wrong-password');
    expect(fifth.status).toBe(429);
    expect(fifth.text).toContain('账号已锁定');
    expect((await attempt('right-password-1')).status).toBe(429);
    t.clock.advance(16 * 60_000);
    expect((await attempt('right-password-1')).status).toBe(303);
  });

  it('refuses a state-changing organiser request without the CSRF token, or with another session\'s', async () => {
    const { run } = await openRun(t);
    const cookie = await organiserCookie(t);
    const other = await organiserCookie(t);
    const noToken = await t.http.post(`/admin/runs/${run.id}/open`).set('Cookie', cookie).set('Accept', 'text/html').expect(403);
    expect(noToken.text).toContain('页面已过期或请求来源无效');
    await t.http.post(`/admin/runs/${run.id}/open`).set('Cookie', cookie).set('X-CSRF-Token', asOrganiser(other)['X-CSRF-Token']).expect(403);
    const api = await t.http.patch('/api/admin/sessions/1').set('Cookie', cookie).send({ venue: 'x' }).expect(403);
    expect(api.body.code).toBe('CSRF_FAILED');
  });

  it('sends security headers with a content security policy that allows no inline script', async () => {
    const res = await t.http.get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.text).not.toMatch(/<script|style="/);
  });

  it('answers 413 to an oversized JSON or form body, and writes nothing', async () => {
    const [p] = await participantsWithTokens(t, 1);
    const big = 'x'.repeat(200 * 1024);
    const res = await t.http.post('/api/runs/1/registration').set('Authorization', `Bearer ${p.token}`).send({ preferredSessionIds: [1], pad: big });
    expect(res.status).toBe(413);
    const form = await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: '1', pad: big });
    expect(form.status).toBe(413);
    expect(await t.get(RegistrationsService).current(p.id, 1)).toBeNull();
  });

  it('stores injection strings in every text field literally and shows them escaped', async () => {
    const { run, sessions } = await openRun(t);
    const people = await participantsWithTokens(t, INJECTIONS.length);
    const cookie = await organiserCookie(t);
    for (const [i, value] of INJECTIONS.entries()) {
      const text = `测试${value}${SCRIPT}`;
      const p = people[i];
      await t.http.post(`/api/runs/${run.id}/registration`).set('Authorization', `Bearer ${p.token}`)
        .send({ preferredSessionIds: [sessions[1].id], participant: { name: text.slice(0, 50), email: p.email } }).expect(201);
      expect((await t.dataSource.getRepository(Participant).findOneByOrFail({ id: p.id })).name).toBe(text.slice(0, 50));
      await t.http.patch(`/api/admin/sessions/${sessions[2].id}`).set(asOrganiser(cookie)).send({ venue: text }).expect(200);
      const home = await t.http.get('/').expect(200);
      expect(home.text).not.toContain(SCRIPT);
      expect(home.text).toContain('&lt;script&gt;');
      const search = await t.http.get(`/admin/participants?q=${encodeURIComponent(value)}`).set(asOrganiser(cookie)).set('Accept', 'text/html').expect(200);
      expect(search.text).not.toContain(SCRIPT);
    }
    expect(await t.dataSource.getRepository(Participant).count()).toBe(247);
    expect(await t.get(RegistrationsService).activeByParticipant(run.id)).toBeDefined();
  });

  it.each([['a line break', '陈\r\nATTENDEE:mailto:x@example.org'], ['a NUL', '陈\u0000'], ['a C1 line break (NEL)', '张\u0085三'], ['a right-to-left override', '陈\u202e'], ['only spaces', '   '], ['a lone surrogate', '陈\ud800']])(
    'refuses a name with %s (400) and stores nothing',
    async (_, name) => {
      const { run, sessions } = await openRun(t);
      const [p] = await participantsWithTokens(t, 1);
      const before = await t.dataSource.getRepository(Participant).findOneByOrFail({ id: p.id });
      const res = await t.http.post(`/api/runs/${run.id}/registration`).set('Authorization', `Bearer ${p.token}`)
        .send({ preferredSessionIds: [sessions[0].id], participant: { name, email: p.email } });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('participant.name');
      expect(await t.dataSource.getRepository(Participant).findOneByOrFail({ id: p.id })).toEqual(before);
    },
  );

  it('refuses an e-mail address the calendar chain cannot carry (400, not 500)', async () => {
    const { run, sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    for (const email of ['测试@例子.中国', '"a b"@example.org']) {
      const res = await t.http.post(`/api/runs/${run.id}/registration`).set('Authorization', `Bearer ${p.token}`)
        .send({ preferredSessionIds: [sessions[0].id], participant: { name: '陈', email } });
      expect(res.status).toBe(400);
    }
  });
});

describe('A <script> in a participant\'s name is escaped in pages, mails and invitations (issue 6)', () => {
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: sink.url });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('escapes it everywhere it is shown', async () => {
    const { run, sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    const name = `陈${SCRIPT}`;
    await t.http
      .post(`/api/runs/${run.id}/registration`)
      .set('Authorization', `Bearer ${p.token}`)
      .send({ preferredSessionIds: [sessions[0].id], participant: { name, email: p.email } })
      .expect(201);
    const page = await t.http.get(`/r/${p.token}`).expect(200);
    expect(page.text).not.toContain(SCRIPT);
    expect(page.text).toContain('&lt;script&gt;');
    const cookie = await organiserCookie(t);
    const list = await t.http.get('/admin/participants?status=confirmed').set(asOrganiser(cookie)).set('Accept', 'text/html').expect(200);
    expect(list.text).not.toContain(SCRIPT);

    await deliverAll(t);
    const [mail] = sink.to(p.email);
    expect(mail.parsed.html).not.toContain(SCRIPT);
    expect(mail.parsed.html).toContain('&lt;script&gt;');
    const invitation = calendarOf(mail.parsed);
    // In iCalendar the name is plain text in a parameter: kept literally, quoted, never markup.
    expect(invitation.attendee.toLowerCase()).toBe(`mailto:${p.email}`);
    const stored = await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ recipientAddress: p.email });
    expect(stored.htmlBody).not.toContain(SCRIPT);
  });
});

describe('Audit log and district coordinators (issue 6)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records who changed what, before → after, for a registration lifecycle', async () => {
    const { run, sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: String(sessions[0].id) }).expect(303);
    await t.http.post(`/r/${p.token}/cancellation`).expect(303);
    const events = await t.dataSource.getRepository(AuditEvent).find({ order: { id: 'ASC' } });
    const mine = events.filter((e) => e.actorKind === 'participant' && e.actorId === p.id);
    expect(mine.map((e) => e.action)).toEqual(['registration.create', 'registration.cancel']);
    expect(JSON.parse(mine[1].before!)).toMatchObject({ status: 'confirmed', sessionId: sessions[0].id });
    expect(JSON.parse(mine[1].after!)).toMatchObject({ status: 'cancelled' });
    void run;
  });

  it('a coordinator sees and acts only for their own district; others\' rows answer 404', async () => {
    const { run, sessions } = await openRun(t);
    const people = await t.get(OrganisationService).listParticipants();
    const [own, other] = [people.find((x) => x.districtName === '黄浦区')!, people.find((x) => x.districtName === '徐汇区')!];
    await t.get(AccountsService).create({ username: 'huangpu', displayName: '黄浦区司法局', role: 'coordinator', districtId: own.districtId, password: 'coordinator-pw-1' });
    const cookie = await organiserCookie(t, 'huangpu', 'coordinator-pw-1');
    const h = asOrganiser(cookie);

    const list = await t.http.get('/admin/participants').set(h).set('Accept', 'text/html').expect(200);
    expect(list.text).toContain(own.name);
    expect(list.text).toContain('黄浦区');
    expect(list.text).not.toContain('徐汇区');

    await t.http.post(`/admin/participants/${own.id}/registration`).set(h).type('form').send({ sessionId: String(sessions[0].id) }).expect(303);
    await t.http.post(`/admin/participants/${other.id}/registration`).set(h).type('form').send({ sessionId: String(sessions[0].id) }).expect(404);
    expect(await t.get(RegistrationsService).current(other.id, run.id)).toBeNull();

    const ownRegistration = (await t.get(RegistrationsService).current(own.id, run.id))!;
    await t.get(RegistrationsService).register({ participantId: other.id, runId: run.id, preferences: [sessions[1].id], actor: 'organiser' });
    const otherRegistration = (await t.get(RegistrationsService).current(other.id, run.id))!;
    await t.http.post(`/admin/registrations/${otherRegistration.id}/cancel`).set(h).expect(404);
    await t.http.post(`/admin/registrations/${ownRegistration.id}/move`).set(h).type('form').send({ sessionId: String(sessions[1].id) }).expect(303);

    // Organiser-only pages are refused.
    await t.http.get('/admin/balancing').set(h).expect(403);
    await t.http.get('/admin/accounts').set(h).expect(403);

    // The audit page shows only the coordinator's district.
    const audit = await t.http.get('/admin/audit').set(h).set('Accept', 'text/html').expect(200);
    expect(audit.text).toContain('registration.move');
    const events = await t.dataSource.getRepository(AuditEvent).find();
    const otherDistrictEvents = events.filter((e) => e.districtId === other.districtId);
    expect(otherDistrictEvents.length).toBeGreaterThan(0);
    expect(audit.text).not.toContain('徐汇区');
  });

  it('personal links expire after the run and can be revoked', async () => {
    const [p] = await participantsWithTokens(t, 1);
    await t.http.get(`/r/${p.token}`).expect(200);
    const cookie = await organiserCookie(t);
    const reissued = await t.http.post(`/admin/participants/${p.id}/link`).set(asOrganiser(cookie)).set('Accept', 'text/html').expect(200);
    const link = /\/r\/([A-Za-z0-9_-]{43})/.exec(reissued.text)![1];
    await t.http.get(`/r/${link}`).expect(200);
    t.clock.set('2021-04-28T00:00:00Z');
    const expired = await t.http.get(`/r/${link}`).expect(404);
    expect(expired.text).toContain('个人报名链接已失效');
    t.clock.set('2021-03-22T01:00:00Z');
    await t.http.post(`/admin/participants/${p.id}/link/revoke`).set(asOrganiser(cookie)).expect(303);
    await t.http.get(`/r/${link}`).expect(404);
  });

  it('passwords are stored as argon2id hashes', async () => {
    const rows: { passwordHash: string }[] = await t.dataSource.query('SELECT "passwordHash" FROM account');
    expect(rows.every((r) => r.passwordHash.startsWith('$argon2id$'))).toBe(true);
    void ORGANISER_PASSWORD;
  });
});

describe('Review fixes from the new-user trial', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses to move a session into the past (before the product clock)', async () => {
    const { sessions } = await openRun(t);
    const cookie = await organiserCookie(t);
    const res = await t.http.patch(`/api/admin/sessions/${sessions[0].id}`).set(asOrganiser(cookie)).send({ firstDay: '2020-01-01' }).expect(400);
    expect(res.body.message).toContain('已经过去');
    const blank = await t.http.patch(`/api/admin/sessions/${sessions[0].id}`).set(asOrganiser(cookie)).send({ title: '   ' }).expect(400);
    expect(blank.body.message).toContain('title');
  });

  it('answers 404 for the registration of a run that does not exist', async () => {
    const [p] = await participantsWithTokens(t, 1);
    const res = await t.http.get('/api/runs/999/registration').set('Authorization', `Bearer ${p.token}`).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('an import may not hand a registered person\'s post to someone else, demo or not', async () => {
    const { run, sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    await t.get(RegistrationsService).register({ participantId: p.id, runId: run.id, preferences: [sessions[0].id], actor: 'participant' });
    const profile = await t.get(OrganisationService).participant(p.id);
    const post = profile.postKind === 'office_director' ? '司法所所长' : profile.postKind === 'promotion_section_head' ? '促进法治科（处）负责人' : '依法治区秘书科（处）负责人';
    const file = Buffer.from(`单位代码,岗位,姓名,手机,邮箱\r\n${profile.unitCode},${post},新所长,13900002222,newdir@example.org\r\n`);
    const cookie = await organiserCookie(t);
    const res = await t.http.post(`/admin/import?_csrf=${asOrganiser(cookie)['X-CSRF-Token']}`).set('Cookie', cookie).set('Accept', 'text/html').attach('file', file, 'r.csv').expect(422);
    expect(res.text).toContain('该岗位现任人员已报名');
    expect((await t.get(OrganisationService).participant(p.id)).name).toBe(profile.name);
  });
});
