import { AuditEvent } from '../../src/audit/audit-event.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { Post } from '../../src/organisation/post.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { Venue } from '../../src/scheduling/venues/venue.entity';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { district, page, ROSTER } from '../utils/organiser';
import { createTestApp, organiserCookie, personalLinkFor, TestApp } from '../utils/test-app';

const APRIL = '2021-04-judicial-office-directors';
const THREE = ['310101', '310104', '310105'];

/**
 * Issue 12, "done": an organiser plans a second run for May 2021 (two sessions of two days)
 * from the pages alone; the proposal skips the May Day holidays and uses the adjusted working
 * day; the run opens for the directors of three districts, who register beside the April run.
 */
describe('Scheduling a second run on the working-day calendar (issue 12)', () => {
  let t: TestApp;
  let cookie: string;
  let mayId: number;
  let venueId: number;
  const runs = () => t.dataSource.getRepository(TrainingRun);
  const linkOf = (email: string) => personalLinkFor(t, email);

  beforeAll(async () => {
    t = await createTestApp();
    cookie = await organiserCookie(t);
  });
  afterAll(() => t.close());

  it('the seed still makes the April 2021 run exactly as before, through the organiser path', async () => {
    const april = await runs().findOneOrFail({ where: { slug: APRIL }, relations: { sessions: true }, order: { sessions: { ordinal: 'ASC' } } });
    expect(april).toMatchObject({ title: '全市司法所长培训班', status: 'draft', topics: '基层法治建设任务\n司法所机构定位\n新增法制工作职能' });
    expect(april.registrationDeadline.toISOString()).toBe('2021-04-07T09:00:00.000Z');
    expect(april.sessions.map(({ ordinal, title, firstDay, dayCount, dailyStart, dailyEnd, venue, capacity, status, venueId }) => ({ ordinal, title, firstDay, dayCount, dailyStart, dailyEnd, venue, capacity, status, venueId }))).toEqual(
      ['2021-04-12', '2021-04-19', '2021-04-26'].map((firstDay, i) => ({
        ordinal: i + 1, title: `全市司法所长培训班（第${'一二三'[i]}期）`, firstDay, dayCount: 2, dailyStart: '09:00', dailyEnd: '17:00', venue: '上海市司法局培训中心', capacity: 90, status: 'scheduled', venueId: null,
      })),
    );
    const actions = (await t.dataSource.getRepository(AuditEvent).findBy({ subjectType: 'run', subjectId: String(april.id) })).map((e) => e.action);
    expect(actions).toEqual(['run.create', 'run.sessions.plan']);
  });

  it('opens the April run from its page', async () => {
    const april = await runs().findOneByOrFail({ slug: APRIL });
    await page(t, 'post', `/admin/runs/${april.id}/open`, cookie).expect(303);
    expect((await runs().findOneByOrFail({ slug: APRIL })).status).toBe('open');
  });

  it('adds a venue, refusing zero seats in Chinese', async () => {
    const bad = await page(t, 'post', '/admin/venues', cookie).type('form').send({ name: '市局培训中心', address: '上海市某路 1 号', room: '201 教室', capacity: '0' }).expect(400);
    expect(bad.text).toContain('座位数应为 1–10000 的整数');
    expect(await t.dataSource.getRepository(Venue).count()).toBe(0);
    await page(t, 'post', '/admin/venues', cookie).type('form').send({ name: '市局培训中心', address: '上海市某路 1 号', room: '201 教室', capacity: '80' }).expect(303);
    venueId = (await t.dataSource.getRepository(Venue).findOneByOrFail({ name: '市局培训中心' })).id;
  });

  it('creates the May run as a draft for the directors of three districts; bad numbers are refused and nothing is written', async () => {
    const districts = await Promise.all(THREE.map((code) => district(t, code)));
    const form = {
      title: '全市司法所长培训班（五月）',
      topics: '基层法治建设\n司法所定位',
      division: '市局促进法治处',
      registrationOpensAt: '',
      registrationDeadline: '2021-04-30T17:00',
      plannedSessions: '2',
      daysPerSession: '2',
      dailyStart: '09:00',
      dailyEnd: '17:00',
      sessionCapacity: '40',
      defaultVenueId: String(venueId),
      audiencePosts: 'office_director',
      audienceDistricts: districts.map((d) => String(d.id)),
    };
    const before = await runs().count();
    for (const bad of [{ daysPerSession: '0' }, { sessionCapacity: '-3' }, { sessionCapacity: '81' }]) {
      const res = await page(t, 'post', '/admin/runs', cookie).type('form').send({ ...form, ...bad });
      expect([400, 422]).toContain(res.status);
      expect(res.text).toMatch(/每期天数应为 1–14 的整数|每期容量应为 1–10000 的整数|超过场地市局培训中心的 80 个座位/);
    }
    expect(await runs().count()).toBe(before);
    const created = await page(t, 'post', '/admin/runs', cookie).type('form').send(form).expect(303);
    mayId = Number(/\/admin\/runs\/(\d+)/.exec(created.headers.location)![1]);
    const may = await runs().findOneByOrFail({ id: mayId });
    expect(may).toMatchObject({ status: 'draft', daysPerSession: 2, plannedSessions: 2, sessionCapacity: 40, defaultVenueId: venueId, audiencePosts: 'office_director' });

    const show = await page(t, 'get', `/admin/runs/${mayId}`, cookie).expect(200);
    const directors = ROSTER.districts.filter((d) => THREE.includes(d.code)).flatMap((d) => d.offices);
    expect(show.text).toContain(`共 <strong>${directors.length}</strong> 人`);
    for (const d of ROSTER.districts.filter((x) => THREE.includes(x.code))) expect(show.text).toContain(`<tr><td>${d.name}</td><td class="num">${d.offices.length}</td></tr>`);
  });

  it('refuses to open a run with no sessions (4xx in Chinese, nothing sent)', async () => {
    const mails = await t.dataSource.getRepository(OutboxMessage).count();
    const res = await page(t, 'post', `/admin/runs/${mayId}/open`, cookie).expect(400);
    expect(res.text).toContain('还没有期次，不能开放报名');
    expect((await runs().findOneByOrFail({ id: mayId })).status).toBe('draft');
    expect(await t.dataSource.getRepository(OutboxMessage).count()).toBe(mails);
  });

  it('a range too short for the sessions asked: 400 in Chinese', async () => {
    const res = await page(t, 'get', `/admin/runs/${mayId}/schedule?from=2021-05-01&to=2021-05-07&sessions=2&gap=1`, cookie).expect(400);
    expect(res.text).toContain('排不下 2 期');
  });

  it('proposes 5/6–5/7 and 5/10–5/11: May Day 5/1–5/5 skipped, Saturday 5/8 counted as a working day, on a month calendar', async () => {
    const res = await page(t, 'get', `/admin/runs/${mayId}/schedule?from=2021-05-01&to=2021-05-31&sessions=2&gap=1`, cookie).expect(200);
    expect([...res.text.matchAll(/name="firstDay" type="date" value="([\d-]+)"/g)].map((m) => m[1])).toEqual(['2021-05-06', '2021-05-10']);
    expect(res.text).toContain('<caption>2021年5月</caption>');
    expect(res.text).toMatch(/<td class="holiday" data-date="2021-05-03"><span class="day">3<\/span> <span class="note">劳动节<\/span><\/td>/);
    expect(res.text).toMatch(/<td class="adjusted-workday" data-date="2021-05-08"><span class="day">8<\/span> <span class="note">调休上班<\/span><\/td>/);
    expect(res.text).toMatch(/<td class="workday planned" data-date="2021-05-06">.*第1期/);
  });

  it('refuses an adjusted date on a holiday with a clear message, then accepts the proposal', async () => {
    const refused = await page(t, 'post', `/admin/runs/${mayId}/sessions`, cookie).type('form').send({ firstDay: ['2021-05-05', '2021-05-10'], venueId: String(venueId) }).expect(409);
    expect(refused.text).toContain('2021年5月5日（星期三，劳动节假期）');
    expect(refused.text).toContain('确认例外安排');
    expect(await t.dataSource.getRepository(TrainingSession).countBy({ runId: mayId })).toBe(0);

    await page(t, 'post', `/admin/runs/${mayId}/sessions`, cookie).type('form').send({ firstDay: ['2021-05-06', '2021-05-10'], venueId: String(venueId) }).expect(303);
    const sessions = await t.dataSource.getRepository(TrainingSession).find({ where: { runId: mayId }, order: { ordinal: 'ASC' } });
    expect(sessions.map((s) => [s.title, s.firstDay, s.dayCount, s.capacity, s.venueId, s.venue])).toEqual([
      ['全市司法所长培训班（五月）（第一期）', '2021-05-06', 2, 40, venueId, '市局培训中心 201 教室（上海市某路 1 号）'],
      ['全市司法所长培训班（五月）（第二期）', '2021-05-10', 2, 40, venueId, '市局培训中心 201 教室（上海市某路 1 号）'],
    ]);
  });

  it('opens the May run: links only for the directors of the three districts; the home page lists both runs', async () => {
    const mailsBefore = await t.dataSource.getRepository(OutboxMessage).countBy({ kind: 'personal-link' });
    await page(t, 'post', `/admin/runs/${mayId}/open`, cookie).expect(303);
    const directors = ROSTER.districts.filter((d) => THREE.includes(d.code)).flatMap((d) => d.offices).length;
    expect((await t.dataSource.getRepository(OutboxMessage).countBy({ kind: 'personal-link' })) - mailsBefore).toBe(directors);
    const home = await t.http.get('/').expect(200);
    expect(home.text).toContain('<h1>全市司法所长培训班（五月）</h1>');
    expect(home.text).toContain('<h1>全市司法所长培训班</h1>');
  });

  it('with two runs, pages without a run ask which one instead of picking the first', async () => {
    const list = await page(t, 'get', '/admin/participants', cookie).expect(200);
    expect(list.text).toContain('<h1>选择培训班</h1>');
    expect(list.text).toContain(`href="/admin/participants?run=${mayId}"`);
    await page(t, 'get', '/admin', cookie).expect(303).expect('Location', '/admin/runs');
    const may = await page(t, 'get', `/admin/participants?run=${mayId}`, cookie).expect(200);
    const directors = ROSTER.districts.filter((d) => THREE.includes(d.code)).flatMap((d) => d.offices).length;
    expect(may.text).toContain(`<h1>参训人员（${directors}）</h1>`);
    const balancing = await page(t, 'get', '/admin/balancing', cookie).expect(400);
    expect(balancing.text).toContain('现有多个培训班');
  });

  it('a director of 徐汇区 registers for May beside April, from one page listing both runs', async () => {
    const post = await t.dataSource.getRepository(Post).findOneByOrFail({ unitCode: ROSTER.districts.find((d) => d.code === '310104')!.offices[0].code, kind: 'office_director' });
    const person = await t.dataSource.getRepository(Participant).findOneByOrFail({ postId: post.id });
    const april = await runs().findOneOrFail({ where: { slug: APRIL }, relations: { sessions: true } });
    const maySessions = await t.dataSource.getRepository(TrainingSession).find({ where: { runId: mayId }, order: { ordinal: 'ASC' } });
    const link = await linkOf(person.email);

    const choose = await page(t, 'get', link).expect(200);
    expect(choose.text).toContain(`href="${link}?run=${april.id}"`);
    expect(choose.text).toContain(`href="${link}?run=${mayId}"`);
    await page(t, 'post', `${link}/registration`).type('form').send({ runId: String(april.id), choice1: String(april.sessions[0].id) }).expect(303);
    await page(t, 'post', `${link}/registration`).type('form').send({ runId: String(mayId), choice1: String(maySessions[1].id) }).expect(303);

    const mine = await t.dataSource.getRepository(Registration).find({ where: { participantId: person.id }, order: { runId: 'ASC' } });
    expect(mine.map((r) => [r.runId, r.status, r.sessionId])).toEqual([[april.id, 'confirmed', april.sessions[0].id], [mayId, 'confirmed', maySessions[1].id]]);
    const mayPage = await page(t, 'get', `${link}?run=${mayId}`).expect(200);
    expect(mayPage.text).toContain('已确认参训：全市司法所长培训班（五月）（第二期）');
  });

  it('someone outside the May audience cannot register for it (a 静安区 director)', async () => {
    const jingan = ROSTER.districts.find((d) => d.code === '310106')!;
    const post = await t.dataSource.getRepository(Post).findOneByOrFail({ unitCode: jingan.offices[0].code, kind: 'office_director' });
    const person = await t.dataSource.getRepository(Participant).findOneByOrFail({ postId: post.id });
    const link = await linkOf(person.email);
    const maySession = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ runId: mayId, ordinal: 1 });
    const res = await page(t, 'post', `${link}/registration`).type('form').send({ runId: String(mayId), choice1: String(maySession.id) }).expect(403);
    expect(res.text).toContain('不在您的参训范围内');
    expect(await t.dataSource.getRepository(Registration).countBy({ participantId: person.id, runId: mayId })).toBe(0);
  });

  it('changing a scheduled session first shows who is affected and every mail that will go out; nothing is saved or queued until confirmed', async () => {
    const april = await runs().findOneOrFail({ where: { slug: APRIL }, relations: { sessions: true }, order: { sessions: { ordinal: 'ASC' } } });
    const s = april.sessions[0];
    const confirmed = await t.dataSource.getRepository(Registration).findBy({ sessionId: s.id, status: 'confirmed' });
    expect(confirmed.length).toBeGreaterThan(0);
    const people = await t.dataSource.getRepository(Participant).findBy(confirmed.map((r) => ({ id: r.participantId })));
    const outbox = t.dataSource.getRepository(OutboxMessage);
    const before = await outbox.count();
    const form = { title: s.title, firstDay: '2021-04-14', dayCount: '2', dailyStart: '09:00', dailyEnd: '17:00', venue: s.venue, capacity: String(s.capacity), venueId: '' };
    const preview = await page(t, 'post', `/admin/sessions/${s.id}/preview`, cookie).type('form').send(form).expect(200);
    expect(preview.text).toContain(`保存后将发送 ${people.length} 封邮件`);
    for (const p of people) expect(preview.text).toContain(`<td>${p.name}</td><td>${p.email}</td>`);
    expect(preview.text).toContain('<td>首日日期</td><td>2021-04-12</td><td>2021-04-14</td>');
    expect(preview.text).toContain('<input type="hidden" name="firstDay" value="2021-04-14">');
    expect(await outbox.count()).toBe(before);
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s.id })).firstDay).toBe('2021-04-12');
    await page(t, 'post', `/admin/sessions/${s.id}`, cookie).type('form').send(form).expect(303);
    expect(await outbox.count()).toBe(before + people.length);
  });

  it('moving a session to a Saturday (2021-04-10) or onto Qingming (2021-04-05, before the deadline) is refused; an explicit override is audited', async () => {
    const april = await runs().findOneOrFail({ where: { slug: APRIL }, relations: { sessions: true }, order: { sessions: { ordinal: 'ASC' } } });
    const s = april.sessions[2];
    const form = { title: s.title, firstDay: '2021-04-09', dayCount: '2', dailyStart: '09:00', dailyEnd: '17:00', venue: s.venue, capacity: String(s.capacity), venueId: '' };
    const saturday = await page(t, 'post', `/admin/sessions/${s.id}`, cookie).type('form').send(form).expect(409);
    expect(saturday.text).toContain('2021年4月10日（星期六，周末）');
    const qingming = await page(t, 'post', `/admin/sessions/${s.id}`, cookie).type('form').send({ ...form, firstDay: '2021-04-05', dayCount: '1' }).expect(409);
    expect(qingming.text).toContain('2021年4月5日（星期一，清明假期）');
    expect(qingming.text).toContain('报名截止前就开始');
    const mails = await t.dataSource.getRepository(OutboxMessage).count();
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s.id })).firstDay).toBe('2021-04-26');

    await page(t, 'post', `/admin/sessions/${s.id}`, cookie).type('form').send({ ...form, override: 'yes', overrideReason: '周六加开' }).expect(303);
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s.id })).firstDay).toBe('2021-04-09');
    const override = await t.dataSource.getRepository(AuditEvent).findOneOrFail({ where: { action: 'session.schedule.override' }, order: { id: 'DESC' } });
    expect(JSON.parse(override.after!)).toMatchObject({ reason: '周六加开', problems: [{ codes: ['NON_WORKING_DAY'] }] });
    expect(await t.dataSource.getRepository(OutboxMessage).count()).toBeGreaterThanOrEqual(mails);
  });

  it('a venue cannot hold two sessions on one day, and a session cannot seat more than its venue', async () => {
    const april = await runs().findOneOrFail({ where: { slug: APRIL }, relations: { sessions: true }, order: { sessions: { ordinal: 'ASC' } } });
    const s = april.sessions[1];
    const form = { title: s.title, firstDay: '2021-05-11', dayCount: '1', dailyStart: '09:00', dailyEnd: '17:00', venue: s.venue, capacity: '40', venueId: String(venueId) };
    const taken = await page(t, 'post', `/admin/sessions/${s.id}`, cookie).type('form').send(form).expect(409);
    expect(taken.text).toContain('同一场地一天只能办一期');
    const big = await page(t, 'post', `/admin/sessions/${s.id}`, cookie).type('form').send({ ...form, firstDay: '2021-04-21', capacity: '90', override: 'yes' }).expect(409);
    expect(big.text).toContain('超过场地市局培训中心的 80 个座位');
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s.id })).firstDay).toBe('2021-04-19');
  });

  it('a deadline after the first session is refused for a draft (copy of the May run)', async () => {
    const copied = await page(t, 'post', `/admin/runs/${mayId}/copy`, cookie).expect(303);
    const copyId = Number(/\/admin\/runs\/(\d+)/.exec(copied.headers.location)![1]);
    expect(await runs().findOneByOrFail({ id: copyId })).toMatchObject({ status: 'draft', title: '全市司法所长培训班（五月）（副本）', copiedFromRunId: mayId });
    await page(t, 'post', `/admin/runs/${copyId}/sessions`, cookie).type('form').send({ firstDay: ['2021-06-01', '2021-06-08'], venueId: String(venueId) }).expect(303);
    const settings = {
      title: '全市司法所长培训班（六月）', topics: '基层法治建设', division: '市局促进法治处', registrationDeadline: '2021-06-02T17:00', plannedSessions: '2', daysPerSession: '2',
      dailyStart: '09:00', dailyEnd: '17:00', sessionCapacity: '40', defaultVenueId: String(venueId), audiencePosts: 'office_director',
    };
    const late = await page(t, 'post', `/admin/runs/${copyId}`, cookie).type('form').send(settings).expect(400);
    expect(late.text).toContain('报名截止时间不能晚于第一期开始时间');
    expect((await runs().findOneByOrFail({ id: copyId })).title).toBe('全市司法所长培训班（五月）（副本）');
    await page(t, 'post', `/admin/runs/${copyId}`, cookie).type('form').send({ ...settings, registrationDeadline: '2021-05-28T17:00' }).expect(303);
    expect((await runs().findOneByOrFail({ id: copyId })).title).toBe('全市司法所长培训班（六月）');
  });

  it('closes and archives the May run; archived runs leave the home page', async () => {
    await page(t, 'post', `/admin/runs/${mayId}/archive`, cookie).expect(409);
    await page(t, 'post', `/admin/runs/${mayId}/close`, cookie).expect(303);
    await page(t, 'post', `/admin/runs/${mayId}/archive`, cookie).expect(303);
    expect((await runs().findOneByOrFail({ id: mayId })).status).toBe('archived');
    const home = await t.http.get('/').expect(200);
    expect(home.text).not.toContain('全市司法所长培训班（五月）');
  });
});
