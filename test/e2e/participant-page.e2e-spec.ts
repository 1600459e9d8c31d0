import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { createTestApp, openRun, participantsWithTokens, TestApp } from '../utils/test-app';

describe('The participant page: agenda, venue, contact, calendar help, own contact details (issue 13, item 7)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows the agenda day by day, where, whom to write to, and how to add it to Outlook or a phone calendar', async () => {
    const { sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    const page = await t.http.get(`/r/${p.token}`).expect(200);
    expect(page.text).toContain('<h2>各期日程</h2>');
    expect(page.text).toContain(`<h3>${sessions[0].title}</h3>`);
    expect(page.text).toMatch(/<li>第 1 天：[^<]+ \d\d:\d\d–\d\d:\d\d<\/li>/);
    expect(page.text).toContain(`地点：${sessions[0].venue}`);
    expect(page.text).toContain(`联系人：${t.config.mail.fromName}，邮箱 <a href="mailto:${t.config.mail.fromAddress}">`);
    expect(page.text).toContain('<summary>电脑 Outlook</summary>');
    expect(page.text).toContain('<summary>手机日历（iPhone、安卓）</summary>');

    await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: String(sessions[1].id) }).expect(303);
    const mine = await t.http.get(`/r/${p.token}`).expect(200);
    expect(mine.text).toContain('<h2>我的日程</h2>');
    expect(mine.text).toContain(`<h3>${sessions[1].title}</h3>`);
    expect(mine.text).not.toContain(`<h3>${sessions[0].title}</h3>`);
  });

  it('a participant corrects their own e-mail and mobile; the change is audited before → after', async () => {
    const [, p] = await participantsWithTokens(t, 2);
    const before = await t.dataSource.getRepository(Participant).findOneByOrFail({ id: p.id });
    await t.http.post(`/r/${p.token}/contact`).type('form').send({ email: 'corrected@example.org', mobile: '139 0000 1234' }).expect(303);
    const after = await t.dataSource.getRepository(Participant).findOneByOrFail({ id: p.id });
    expect([after.email, after.mobile]).toEqual(['corrected@example.org', '13900001234']);
    const event = await t.dataSource.getRepository(AuditEvent).findOneByOrFail({ action: 'participant.contact', subjectId: String(p.id) });
    expect(event.actorKind).toBe('participant');
    expect(JSON.parse(event.before!)).toEqual({ email: before.email, mobile: before.mobile });
    expect(JSON.parse(event.after!)).toEqual({ email: 'corrected@example.org', mobile: '13900001234' });
    const page = await t.http.get(`/r/${p.token}?done=contact`).expect(200);
    expect(page.text).toContain('联系方式已更新');
  });

  it('refuses a malformed address or number with the error tied to its field, and an address someone else has', async () => {
    const [a, b] = await participantsWithTokens(t, 4).then((list) => list.slice(2));
    const bad = await t.http.post(`/r/${a.token}/contact`).type('form').send({ email: 'not-an-address', mobile: '12345' }).expect(422);
    expect(bad.text).toContain('aria-describedby="contact-email-error"');
    expect(bad.text).toContain('<div id="contact-email-error" class="field-error">请填写有效的邮箱地址');
    expect(bad.text).toContain('<div id="contact-mobile-error" class="field-error">请填写 11 位手机号码');
    expect(bad.text).toContain('value="not-an-address"');
    const taken = await t.http.post(`/r/${a.token}/contact`).type('form').send({ email: b.email, mobile: '13900009999' }).expect(409);
    expect(taken.text).toContain('已被其他参训人员使用');
    expect((await t.dataSource.getRepository(Participant).findOneByOrFail({ id: a.id })).email).toBe(a.email);
  });
});
