import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { listRoutes } from '../utils/routes';
import { asOrganiser, createTestApp, organiserCookie, TestApp } from '../utils/test-app';

/** Issue 12, item 7: the scheduling JSON API and the OpenAPI description of every JSON route. */
describe('Scheduling JSON API and /api/docs (issue 12)', () => {
  let t: TestApp;
  let h: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    h = asOrganiser(await organiserCookie(t));
  });
  afterAll(() => t.close());

  const RUN = {
    title: '五月培训班', topics: '基层法治建设', division: '市局促进法治处', registrationDeadline: '2021-04-30T17:00:00+08:00', plannedSessions: 2, daysPerSession: 2,
    dailyStart: '09:00', dailyEnd: '17:00', sessionCapacity: 50, audiencePosts: ['office_director'], audienceDistricts: [],
  };

  it('plans a run: venue, draft, proposal over May Day, sessions, open', async () => {
    const venue = await t.http.post('/api/admin/venues').set(h).send({ name: '分中心', address: '某路 2 号', room: '101', capacity: 60 }).expect(201);
    const run = await t.http.post('/api/admin/runs').set(h).send({ ...RUN, defaultVenueId: venue.body.id }).expect(201);
    expect(run.body).toMatchObject({ status: 'draft', daysPerSession: 2, audience: { posts: ['office_director'], districtIds: [] }, sessions: [] });
    const proposal = await t.http.post(`/api/admin/runs/${run.body.id}/proposal`).set(h).send({ from: '2021-05-01', to: '2021-05-31', sessions: 2, minGapDays: 0 }).expect(200);
    expect(proposal.body).toEqual([
      { firstDay: '2021-05-06', days: ['2021-05-06', '2021-05-07'] },
      { firstDay: '2021-05-10', days: ['2021-05-10', '2021-05-11'] },
    ]);
    const sessions = await t.http.put(`/api/admin/runs/${run.body.id}/sessions`).set(h).send({ sessions: proposal.body.map((p: { firstDay: string }) => ({ firstDay: p.firstDay })) }).expect(200);
    expect(sessions.body.map((s: { firstDay: string; venue: string }) => [s.firstDay, s.venue])).toEqual([['2021-05-06', '分中心 101（某路 2 号）'], ['2021-05-10', '分中心 101（某路 2 号）']]);
    const opened = await t.http.post(`/api/admin/runs/${run.body.id}/open`).set(h).expect(200);
    expect(opened.body.linksSent).toBe(215);
    expect((await t.http.get(`/api/admin/runs/${run.body.id}`).set(h).expect(200)).body.status).toBe('open');
  });

  it.each([
    [{ daysPerSession: 0 }, '每期天数应为 1–14 的整数'],
    [{ sessionCapacity: -1 }, '每期容量应为 1–10000 的整数'],
    [{ registrationDeadline: 'soon' }, '报名截止时间'],
  ])('refuses a run with %j: 400 in Chinese, nothing written', async (bad, message) => {
    const before = await t.dataSource.getRepository(TrainingRun).count();
    const res = await t.http.post('/api/admin/runs').set(h).send({ ...RUN, ...bad }).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.message).toContain(message);
    expect(await t.dataSource.getRepository(TrainingRun).count()).toBe(before);
  });

  it('refuses a Saturday session with 409 and the reason; with override: true it is saved', async () => {
    const run = await t.http.post('/api/admin/runs').set(h).send(RUN).expect(201);
    const refused = await t.http.put(`/api/admin/runs/${run.body.id}/sessions`).set(h).send({ sessions: [{ firstDay: '2021-05-15' }] });
    // no venue chosen and none by default: a clear 400 first
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('请为第一期选择场地');
    const venues = (await t.http.get('/api/admin/venues').set(h).expect(200)).body;
    const saturday = await t.http.put(`/api/admin/runs/${run.body.id}/sessions`).set(h).send({ sessions: [{ firstDay: '2021-05-15', venueId: venues[0].id }] }).expect(409);
    expect(saturday.body).toMatchObject({ code: 'SCHEDULE_CONFLICT' });
    expect(saturday.body.message).toContain('2021年5月15日（星期六，周末）');
    expect(await t.dataSource.getRepository(TrainingSession).countBy({ runId: run.body.id })).toBe(0);
    await t.http.put(`/api/admin/runs/${run.body.id}/sessions`).set(h).send({ sessions: [{ firstDay: '2021-05-15', venueId: venues[0].id }], override: true, overrideReason: '周末班' }).expect(200);
  });

  it('an imported list (e-mail addresses or unit codes) is the audience; a line matching nobody is refused', async () => {
    const people = await t.get(OrganisationService).listParticipants();
    const [a, b] = people.filter((p) => p.postKind === 'office_director');
    const list = [a.email.toUpperCase(), b.unitCode, '310106'].join('\n');
    const run = await t.http.post('/api/admin/runs').set(h).send({ ...RUN, audienceList: list }).expect(201);
    const heads = people.filter((p) => p.unitCode === '310106').map((p) => p.id);
    expect(heads).toHaveLength(2);
    expect(run.body.audience.participantIds).toEqual([a.id, b.id, ...heads].sort((x, y) => x - y));
    const bad = await t.http.post('/api/admin/runs').set(h).send({ ...RUN, audienceList: `${a.email}\nnobody@example.org` }).expect(400);
    expect(bad.body.message).toContain('名单中有 1 行找不到对应人员：nobody@example.org');
  });

  it('imports the audience of a draft from a CSV file (first column), refusing lines that match nobody', async () => {
    const run = await t.http.post('/api/admin/runs').set(h).send(RUN).expect(201);
    const people = (await t.get(OrganisationService).listParticipants()).filter((p) => p.postKind === 'office_director').slice(0, 2);
    const upload = (rows: string[]) => t.http.post(`/admin/runs/${run.body.id}/audience`).set(h).set('Accept', 'text/html').attach('file', Buffer.from(['邮箱或单位代码', ...rows].join('\r\n'), 'utf8'), 'list.csv');
    const bad = await upload([people[0].email, 'nobody@example.org']).expect(400);
    expect(bad.text).toContain('名单中有 1 行找不到对应人员：nobody@example.org');
    expect((await t.dataSource.getRepository(TrainingRun).findOneByOrFail({ id: run.body.id })).audienceParticipantIds).toBe('');
    await upload([people[0].email, people[1].unitCode]).expect(303);
    const page = await t.http.get(`/admin/runs/${run.body.id}`).set(h).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('导入名单（2 人）');
    expect(page.text).toContain('共 <strong>2</strong> 人');
  });

  it('POST /api/admin/sessions/:id/preview lists the mails a change would queue and saves nothing', async () => {
    const run = (await t.http.get('/api/admin/runs').set(h).expect(200)).body.find((r: { title: string; status: string }) => r.title === '五月培训班' && r.status === 'open');
    const session = run.sessions[0];
    const people = (await t.get(OrganisationService).listParticipants()).filter((p) => p.postKind === 'office_director').slice(0, 2);
    for (const p of people) await t.get(RegistrationsService).register({ participantId: p.id, runId: run.id, preferences: [session.id], actor: 'organiser' });
    const outbox = t.dataSource.getRepository(OutboxMessage);
    const before = await outbox.count();
    const preview = await t.http.post(`/api/admin/sessions/${session.id}/preview`).set(h).send({ firstDay: '2021-05-12' }).expect(200);
    expect(preview.body.changes).toEqual([{ field: 'firstDay', before: '2021-05-06', after: '2021-05-12' }]);
    expect(preview.body.mails.map((m: { address: string }) => m.address).sort()).toEqual(people.map((p) => p.email).sort());
    expect(await outbox.count()).toBe(before);
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: session.id })).firstDay).toBe('2021-05-06');
  });

  it('/api/docs serves the UI and /api/docs-json describes every JSON route the app serves', async () => {
    await t.http.get('/api/docs/').expect(200).expect('Content-Type', /html/);
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    expect(doc.openapi).toMatch(/^3\./);
    const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    const served = listRoutes(t.app).map((r) => `${r.method} ${r.path}`).filter((r) => / \/api\//.test(r) && !r.includes('/api/docs'));
    expect(served.filter((r) => !described.includes(r))).toEqual([]);
    expect(described.some((r) => r.startsWith('GET /admin'))).toBe(false);
    const createRun = doc.paths['/api/admin/runs'].post.requestBody.content['application/json'].schema;
    expect(createRun.required).toContain('registrationDeadline');
  });
});
