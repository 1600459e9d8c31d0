import { AuditEvent } from '../../src/audit/audit-event.entity';
import { AccountsService } from '../../src/auth/accounts.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { queryNamed } from '../../src/database/sql-dialect';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { listedTotal, page, participantRows } from '../utils/organiser';
import { asOrganiser, createTestApp, openRun, organiserCookie, TestApp } from '../utils/test-app';

/** The href of a pager link (上一页/下一页), HTML entities decoded. */
function pagerLink(html: string, rel: 'next' | 'prev'): string | null {
  const m = new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html);
  return m ? m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=') : null;
}

describe('Lists that scale: paging, filters, sorting in SQL; the audit log in Chinese (issue 13, items 1, 2, 6)', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestApp();
    cookie = await organiserCookie(t);
  });
  afterAll(() => t.close());

  it('the participant list shows 50 people a page; the filters ride along on the pager links', async () => {
    const first = await page(t, 'get', '/admin/participants?status=none', cookie).expect(200);
    const total = listedTotal(first.text);
    expect(total).toBeGreaterThan(100);
    const rows = participantRows(first.text);
    expect(rows).toHaveLength(50);
    const next = pagerLink(first.text, 'next')!;
    expect(next).toContain('status=none');
    expect(next).toContain('page=2');
    const second = participantRows((await page(t, 'get', next, cookie).expect(200)).text);
    expect(second).toHaveLength(50);
    expect(second.map((r) => r.name)).not.toEqual(rows.map((r) => r.name));
    const last = await page(t, 'get', `/admin/participants?status=none&page=${Math.ceil(total / 50)}`, cookie).expect(200);
    expect(participantRows(last.text)).toHaveLength(total % 50 || 50);
    expect(pagerLink(last.text, 'next')).toBeNull();
  });

  it('filters by office and searches by e-mail; sorts by name', async () => {
    const people = await t.get(OrganisationService).listParticipants();
    const someone = people.find((p) => p.postKind === 'office_director')!;
    const found = await page(t, 'get', `/admin/participants?q=${encodeURIComponent(someone.email)}`, cookie).expect(200);
    expect(participantRows(found.text).map((r) => r.name)).toEqual([someone.name]);
    // Case does not matter for an address, on SQLite and on PostgreSQL alike.
    const upper = await page(t, 'get', `/admin/participants?q=${encodeURIComponent(someone.email.toUpperCase())}`, cookie).expect(200);
    expect(participantRows(upper.text).map((r) => r.name)).toEqual([someone.name]);
    const officeId = (await queryNamed(t.dataSource, 'SELECT "officeId" FROM post JOIN participant p ON p."postId" = post.id WHERE p.id = :id', { id: someone.id }))[0].officeId;
    const office = await page(t, 'get', `/admin/participants?district=${someone.districtId}&office=${officeId}`, cookie).expect(200);
    expect(participantRows(office.text).map((r) => r.name)).toEqual([someone.name]);
    const byName = participantRows((await page(t, 'get', '/admin/participants?sort=name', cookie).expect(200)).text).map((r) => r.name);
    const expected = people.map((p) => p.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, 50);
    expect(byName).toEqual(expected);
  });

  it('a coordinator registers one of their people with ranked choices; the person is mailed who did it; phones are unmasked for them only', async () => {
    const { run, sessions } = await openRun(t);
    const people = await t.get(OrganisationService).listParticipants();
    const own = people.find((x) => x.districtName === '黄浦区' && x.postKind === 'office_director')!;
    await t.get(AccountsService).create({ username: 'hp-lists', displayName: '黄浦区司法局', role: 'coordinator', districtId: own.districtId, password: 'coordinator-pw-1' });
    const h = asOrganiser(await organiserCookie(t, 'hp-lists', 'coordinator-pw-1'));
    await t.http.post(`/admin/participants/${own.id}/registration`).set(h).type('form').send({ choice1: String(sessions[2].id), choice2: String(sessions[0].id) }).expect(303);
    const registration = (await t.get(RegistrationsService).current(own.id, run.id))!;
    expect(registration.preferences).toEqual([sessions[2].id, sessions[0].id]);
    const mail = await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ kind: 'notice', recipientAddress: own.email });
    expect(mail.subject).toContain('区协调员 黄浦区司法局已代您报名');
    expect(mail.textBody).toContain(`1. ${sessions[2].title}；2. ${sessions[0].title}`);

    const list = await t.http.get(`/admin/participants?q=${encodeURIComponent(own.email)}`).set(h).set('Accept', 'text/html').expect(200);
    expect(list.text).toContain(`<a href="tel:${own.mobile}">${own.mobile}</a>`);
    const asCity = await page(t, 'get', `/admin/participants?q=${encodeURIComponent(own.email)}`, cookie).expect(200);
    expect(asCity.text).not.toContain(own.mobile);
  });

  it("a coordinator's home shows their district's totals per session and who still needs action, with phone numbers", async () => {
    const { run, sessions } = await openRun(t);
    const people = (await t.get(OrganisationService).listParticipants()).filter((x) => x.districtName === '静安区');
    await t.get(AccountsService).create({ username: 'ja-home', displayName: '静安区司法局', role: 'coordinator', districtId: people[0].districtId, password: 'coordinator-pw-1' });
    const h = asOrganiser(await organiserCookie(t, 'ja-home', 'coordinator-pw-1'));
    await t.get(RegistrationsService).register({ participantId: people[0].id, runId: run.id, preferences: [sessions[1].id], actor: 'organiser' });
    await t.get(RegistrationsService).register({ participantId: people[1].id, runId: run.id, preferences: [sessions[1].id], actor: 'organiser' });
    // One of them signed in on a day (test set-up straight into issue 11's table).
    const reg0 = (await t.get(RegistrationsService).current(people[0].id, run.id))!;
    await queryNamed(
      t.dataSource,
      `INSERT INTO attendance ("runId", "sessionId", "participantId", "registrationId", day, status, "signedInAt", method, "recordedBy", "recordedAt") VALUES (:runId, :sessionId, :participantId, :registrationId, :day, 'present', :at, 'roster', 'test', :at)`,
      { runId: run.id, sessionId: sessions[1].id, participantId: people[0].id, registrationId: reg0.id, day: sessions[1].firstDay, at: '2021-04-19 01:00:00.000' },
    );
    const home = await t.http.get('/admin').set(h).set('Accept', 'text/html').expect(200);
    expect(home.text).toContain('<h1>静安区 · ');
    expect(home.text).toContain(`共 <strong>${people.length}</strong> 人：已确认 <strong>2</strong> 人，候补 <strong>0</strong> 人，尚未报名 <strong>${people.length - 2}</strong> 人`);
    expect(home.text).toMatch(new RegExp(`${sessions[1].title}</td><td data-label="已确认" class="num">2</td><td data-label="候补" class="num">0</td><td data-label="请假（已批准）" class="num">0</td><td data-label="请假待审批" class="num">0</td><td data-label="已签到" class="num">1</td>`));
    expect(home.text).toContain(`<a href="tel:${people[2].mobile}">${people[2].mobile}</a>`);
    expect(home.text).not.toContain(people[0].mobile);
    expect(home.text).not.toContain('徐汇区');
  });

  it('the overview draws seat load, registrations over time and the district × session heat map as SVG (issue 13, item 3)', async () => {
    const { run, sessions } = await openRun(t);
    const someone = (await t.get(OrganisationService).listParticipants()).find((x) => x.districtName === '宝山区')!;
    await t.get(RegistrationsService).register({ participantId: someone.id, runId: run.id, preferences: [sessions[0].id], actor: 'organiser' });
    const overview = await page(t, 'get', '/admin', cookie).expect(200);
    expect(overview.text).toContain('<title id="chart-load-title">各期座位占用</title>');
    expect(overview.text).toContain('<title id="chart-time-title">报名人数随时间变化（至报名截止）</title>');
    expect(overview.text).toContain('<title id="chart-heat-title">');
    expect(overview.text).toMatch(/共报名 \d+ 人次/);
    expect(overview.text).toContain('>报名截止</text>');
  });

  it('the mail queue pages and filters by recipient and status; the filter survives paging', async () => {
    const messages = await t.dataSource.getRepository(OutboxMessage).find();
    const target = messages[0];
    const filtered = await page(t, 'get', `/admin/outbox?recipient=${encodeURIComponent(target.recipientAddress)}&status=${target.status}`, cookie).expect(200);
    expect(filtered.text).toContain(target.recipientAddress);
    expect(filtered.text).toContain(`共 ${messages.filter((m) => m.recipientAddress === target.recipientAddress && m.status === target.status).length} 条`);
    const upper = await page(t, 'get', `/admin/outbox?recipient=${encodeURIComponent(target.recipientAddress.toUpperCase())}&status=${target.status}`, cookie).expect(200);
    expect(upper.text).toContain(`共 ${messages.filter((m) => m.recipientAddress === target.recipientAddress && m.status === target.status).length} 条`);
    const none = await page(t, 'get', '/admin/outbox?recipient=nobody-at-all', cookie).expect(200);
    expect(none.text).toContain('共 0 条');
  });

  it('the audit log names the person, shows the changed fields in Chinese with session titles, keeps the raw record one click away, and pages', async () => {
    const { sessions } = await openRun(t);
    const people = await t.get(OrganisationService).listParticipants();
    const p = people.find((x) => x.districtName === '徐汇区')!;
    const r = await t.get(RegistrationsService).register({ participantId: p.id, runId: sessions[0].runId, preferences: [sessions[0].id], actor: 'organiser' });
    await t.get(RegistrationsService).moveByOrganiser(r.id, sessions[1].id);
    const audit = await page(t, 'get', `/admin/audit?action=registration.move`, cookie).expect(200);
    expect(audit.text).toContain('<td data-label="操作">调整期次</td>');
    expect(audit.text).toContain(`${p.name}（`);
    expect(audit.text).toContain(`<li><strong>期次</strong>：${sessions[0].title} → ${sessions[1].title}</li>`);
    expect(audit.text).toContain('<summary>原始记录</summary>');
    expect(audit.text).toContain('代码：registration.move');
    expect(audit.text).not.toContain('<td data-label="操作">registration.');
    expect(audit.text.replace(/&#x3D;/g, '=')).toContain('href="/admin/audit.xlsx?action=registration.move"');
    // The actor filter ignores case, on SQLite and on PostgreSQL alike.
    const { actorLabel } = await t.dataSource.getRepository(AuditEvent).findOneByOrFail({ action: 'registration.move' });
    expect(actorLabel).toMatch(/[a-z]/);
    const byActor = await page(t, 'get', `/admin/audit?action=registration.move&who=${encodeURIComponent(actorLabel.toUpperCase())}`, cookie).expect(200);
    expect(byActor.text).toContain('<td data-label="操作">调整期次</td>');
    for (const other of people.filter((x) => x.districtName === '长宁区').slice(0, 12)) {
      await t.get(RegistrationsService).register({ participantId: other.id, runId: sessions[0].runId, preferences: [sessions[2].id], actor: 'organiser' });
    }
    const all = await page(t, 'get', '/admin/audit?size=10', cookie).expect(200);
    expect(/<nav class="pager"[\s\S]*?<\/nav>/.exec(all.text)![0]).toMatch(/共 \d+ 条，第 1–10 条/);
    expect(pagerLink(all.text, 'next')).toContain('size=10');
  });
});
