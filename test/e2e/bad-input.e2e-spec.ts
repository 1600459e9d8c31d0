import type { Response, Test } from 'supertest';
import { MAX_BODY_DEPTH } from '../../src/common/request-shape';
import { JudicialOffice } from '../../src/organisation/judicial-office.entity';
import { insertStaff, staffRecord } from '../factories/staff';
import { AppRoute, listRoutes } from '../utils/routes';
import { asOrganiser, createTestApp, openRun, organiserCookie, participantsWithTokens, TestApp } from '../utils/test-app';

/**
 * Issue 9, "bad input that answers 500": every kind of malformed request gets a clear 4xx with a
 * stable code and a Chinese message, on every route the app serves (from Express's router, so a
 * new route is covered without being listed here).
 */
describe('Bad input answers a clear 4xx on every route (issue 9, items 6–9)', () => {
  let t: TestApp;
  let organiser: Record<string, string>;
  let participant: Record<string, string>;
  let token = '';
  let runId = 0;
  let sessionId = 0;
  let routes: AppRoute[];

  beforeAll(async () => {
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    runId = run.id;
    sessionId = sessions[0].id;
    const [p] = await participantsWithTokens(t, 1);
    token = p.token;
    participant = { Authorization: `Bearer ${p.token}` };
    organiser = asOrganiser(await organiserCookie(t));
    // Signing out would end the session the other cases use.
    routes = listRoutes(t.app).filter((r) => r.path !== '/admin/logout');
  });
  afterAll(() => t.close());

  const isParticipantRoute = (path: string) => path.includes(':token') || path.startsWith('/api/runs/:runId/registration');
  /** A request as the role that may use the route: anonymous for sign-in, the participant on their link, else the organiser. */
  function as(route: AppRoute, ids: { id: string; runId: string }): Test {
    const path = route.path.replace(':token', token).replace(':runId', ids.runId).replace(':id', ids.id);
    const headers = route.path === '/admin/login' ? {} : isParticipantRoute(route.path) ? participant : organiser;
    return (t.http as unknown as Record<string, (p: string) => Test>)[route.method.toLowerCase()](path)
      .set(headers)
      .set('Accept', path.startsWith('/api') ? 'application/json' : 'text/html');
  }
  const missing = { id: '999999', runId: '999999' };
  const writes = () => routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
  const key = (r: AppRoute) => `${r.method} ${r.path}`;
  /** Runs `check` on each route and returns the routes it failed on with what was seen (expected: none). */
  async function failures(list: AppRoute[], check: (route: AppRoute) => Promise<unknown>): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const route of list) {
      const seen = await check(route);
      if (seen !== true) out.push({ route: key(route), seen });
    }
    return out;
  }

  /** The code and message of an error answer, from the JSON body or the Chinese error page. */
  function errorOf(res: Response): { code?: string; message?: string } {
    if (res.type === 'application/json') return res.body;
    return { code: /错误代码：(\w+)/.exec(res.text)?.[1] ?? /name="_csrf"/.exec(res.text)?.[0], message: /role="alert">([^<]+)</.exec(res.text)?.[1] };
  }
  const chinese = /[\u4e00-\u9fff]/;

  describe('item 6: no body, or a body of a type nobody parses', () => {
    it('every POST/PUT/PATCH without a body: a 4xx (not 401/403: the right role) with a Chinese message, never 500', async () => {
      expect(writes().length).toBeGreaterThan(30);
      const failed = await failures(writes(), async (route) => {
        const res = await as(route, missing);
        const ok = res.status < 500 && ![401, 403].includes(res.status) && (res.status !== 400 || chinese.test(errorOf(res).message ?? ''));
        return ok || { status: res.status, ...errorOf(res) };
      });
      expect(failed).toEqual([]);
    });

    it('every POST/PUT/PATCH with text/plain or XML: 415 UNSUPPORTED_MEDIA_TYPE with a Chinese message', async () => {
      const failed = await failures(writes(), async (route) => {
        for (const type of ['text/plain', 'application/xml']) {
          const res = await as(route, missing).set('Content-Type', type).send('username=organiser');
          const { code, message } = errorOf(res);
          if (res.status !== 415 || code !== 'UNSUPPORTED_MEDIA_TYPE' || !chinese.test(message ?? '')) return { type, status: res.status, code };
        }
        return true;
      });
      expect(failed).toEqual([]);
    });

    it('signing in with no body is 400 BODY_INVALID, as a page and as JSON', async () => {
      const page = await t.http.post('/admin/login').set('Accept', 'text/html');
      expect([page.status, errorOf(page).code]).toEqual([400, 'BODY_INVALID']);
      expect(page.text).toContain('请求缺少内容');
      const json = await t.http.post('/admin/login').set('Accept', 'application/json');
      expect([json.status, json.body.code, json.body.message]).toEqual([400, 'BODY_INVALID', expect.stringMatching(chinese)]);
    });

    it('a JSON array or scalar where an object is expected is 400 BODY_INVALID', async () => {
      for (const body of ['[1]', '[]']) {
        const res = await t.http.post('/api/admin/staffing/staff').set(organiser).set('Content-Type', 'application/json').send(body);
        expect([res.status, res.body.code]).toEqual([400, 'BODY_INVALID']);
      }
    });
  });

  describe('item 7: an id that names no row', () => {
    // These check the body before they look the id up, so each gets a body that passes: the
    // answer must then come from the lookup.
    const validBody = (): Record<string, object> => ({
      'POST /admin/participants/:id/registration': { sessionId: String(sessionId) },
      'POST /admin/registrations/:id/move': { sessionId: String(sessionId) },
      'POST /api/admin/registrations/:id/move': { sessionId },
      'POST /api/runs/:runId/registration': { preferredSessionIds: [sessionId] },
      'PUT /api/runs/:runId/registration': { preferredSessionIds: [sessionId] },
      'PATCH /api/admin/staffing/assignments/:id': { status: 'active' },
      'POST /admin/venues/:id': { name: '测试场地', address: '测试路1号', room: '101', capacity: '50' },
      'PUT /api/admin/venues/:id': { name: '测试场地', address: '测试路1号', room: '101', capacity: 50 },
      'PUT /api/admin/runs/:runId': {
        title: '测试培训班', topics: '测试', division: '市局促进法治处', registrationDeadline: '2021-04-30T17:00:00+08:00', plannedSessions: 2,
        daysPerSession: 2, dailyStart: '09:00', dailyEnd: '17:00', sessionCapacity: 60, audiencePosts: ['office_director'], audienceDistricts: [],
      },
      'PUT /api/admin/runs/:runId/sessions': { sessions: [{ firstDay: '2021-05-06' }], override: false },
      'POST /api/admin/staffing/assignments/:id/successor': { successorStaffNumber: 'S-1' },
      'PUT /api/admin/staffing/staff/:id': {
        staffNumber: 'S-2', name: '测试人员', unitKind: 'office', unitCode: '310101002', position: 'staff', leadingCadre: '否', postType: 'other',
        employment: 'permanent', education: 'bachelor', lawDegree: '否', certificateHeld: '否', startDate: '2016-03-01', newlyHired: '否',
      },
    });
    const withIds = () => routes.filter((r) => /:id\b|:runId\b/.test(r.path));

    it('every route with an :id or :runId of 999999 answers 404 NOT_FOUND', async () => {
      const office = await t.dataSource.getRepository(JudicialOffice).findOneByOrFail({ code: '310101002' });
      await insertStaff(t.dataSource, [staffRecord({ staffNumber: 'S-1', officeId: office.id, districtId: office.districtId })]);
      expect(withIds().length).toBeGreaterThan(30);
      const failed = await failures(withIds(), async (route) => {
        const res = route.method === 'GET' ? await as(route, missing) : await as(route, missing).send(validBody()[key(route)] ?? {});
        return (res.status === 404 && errorOf(res).code === 'NOT_FOUND') || { status: res.status, ...errorOf(res) };
      });
      expect(failed).toEqual([]);
    });

    it.each([['1e3'], ['0x10'], ['01'], ['1.0'], ['-1'], [' 1'], ['99999999999999999999'], ['9'.repeat(300)]].map(([v]) => [v.length > 40 ? `${v.length} nines` : v, v]))(
      'trial item 6: every route id (runId, sessionId, participantId, id) given %j answers 404 NOT_FOUND naming what was sent, clipped',
      async (_, bad) => {
        const withRouteIds = routes.filter((r) => /:(id|runId|sessionId|participantId)\b/.test(r.path));
        expect(withRouteIds.length).toBeGreaterThan(40);
        const quoted = bad.length > 40 ? `${bad.slice(0, 40)}…` : bad;
        const failed = await failures(withRouteIds, async (route) => {
          const path = route.path.replace(':token', token).replace(':day', '2021-04-12').replace(/:(id|runId|sessionId|participantId)\b/g, encodeURIComponent(bad));
          const headers = isParticipantRoute(route.path) ? participant : organiser;
          const req = (t.http as unknown as Record<string, (p: string) => Test>)[route.method.toLowerCase()](path).set(headers).set('Accept', path.startsWith('/api') ? 'application/json' : 'text/html');
          const res = route.method === 'GET' ? await req : await req.send(validBody()[key(route)] ?? {});
          const { code, message } = errorOf(res);
          return (res.status === 404 && code === 'NOT_FOUND' && message?.includes(`“${quoted}”不存在`)) || { status: res.status, code, message: message?.slice(0, 80) };
        });
        expect(failed).toEqual([]);
      },
    );

    it('trial item 6: /api/runs/1e3 is not run 1000, and a 20-digit id is named as sent', async () => {
      const res = await t.http.get('/api/runs/99999999999999999999').expect(404);
      expect(res.body.message).toBe('培训班“99999999999999999999”不存在。');
      expect((await t.http.get('/api/runs/1e3').expect(404)).body.message).toBe('培训班“1e3”不存在。');
    });

    it('trial item 6: a missing assignment with an unknown successor is 404, not a complaint about the staff number', async () => {
      const res = await t.http.post('/api/admin/staffing/assignments/999999/successor').set(organiser).send({ successorStaffNumber: 'NO-SUCH' });
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('trial item 6: capacity "abc" says what is wrong once', async () => {
      const res = await t.http.patch(`/api/admin/sessions/${sessionId}`).set(organiser).send({ capacity: 'abc' });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.details).toEqual([...new Set(res.body.details)]);
      expect(res.body.details).toHaveLength(1);
    });

    it('trial item 6: a start at 23:30 says the day would end after midnight and the latest start', async () => {
      const res = await t.http.patch(`/api/admin/sessions/${sessionId}`).set(organiser).send({ startsAt: '2021-05-06T23:30+08:00' });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.message).toBe('每天培训8小时，从23:30开始将过了午夜才结束；每天的培训须在当天结束，开始时间最晚为15:59（或同时给出每日结束时间 dailyEnd）。');
    });

    it('an :id or :runId beyond any integer column (99999999999) is a 4xx with a message, never 500 (PostgreSQL refuses it, SQLite finds nothing)', async () => {
      const huge = { id: '99999999999', runId: '99999999999' };
      const failed = await failures(withIds(), async (route) => {
        const res = route.method === 'GET' ? await as(route, huge) : await as(route, huge).send(validBody()[key(route)] ?? {});
        const error = errorOf(res);
        return ([400, 404].includes(res.status) && chinese.test(error.message ?? '')) || { status: res.status, ...error };
      });
      expect(failed).toEqual([]);
    });

    it('a missing handover (the reported case) is 404 NOT_FOUND', async () => {
      const res = await t.http.post('/admin/staffing/handovers/999999/retry').set(organiser).set('Accept', 'application/json');
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('item 8: deeply nested bodies', () => {
    const deep = (levels: number, key: string) => `{"${key}":${'['.repeat(levels)}${']'.repeat(levels)}}`;

    it.each([
      ['PATCH', '/api/admin/sessions/:id', 'capacity'],
      ['POST', '/api/admin/staffing/assignments', 'officeCodes'],
      ['POST', '/api/admin/staffing/staff', 'name'],
      ['POST', '/api/runs/:runId/registration', 'preferences'],
    ])('%s %s: 30,000 levels (60 KB) is 400 BODY_INVALID', async (method, path, key) => {
      const body = deep(30_000, key);
      expect(body.length).toBeGreaterThan(60_000);
      const res = await as({ method, path }, { id: String(sessionId), runId: String(runId) }).set('Content-Type', 'application/json').send(body);
      expect([res.status, res.body.code]).toEqual([400, 'BODY_INVALID']);
    });

    it('every POST/PUT/PATCH with a 30,000-level JSON body: never 500', async () => {
      const failed = await failures(writes(), async (route) => {
        const res = await as(route, missing).set('Content-Type', 'application/json').send(deep(30_000, 'x'));
        return res.status < 500 || res.status;
      });
      expect(failed).toEqual([]);
    });

    it(`allows ${MAX_BODY_DEPTH} levels and refuses one more`, async () => {
      const at = (levels: number) => as({ method: 'POST', path: '/api/runs/:runId/registration' }, { id: '', runId: String(runId) })
        .set('Content-Type', 'application/json').send(deep(levels - 1, 'preferences'));
      expect((await at(MAX_BODY_DEPTH)).body.code).toBe('VALIDATION_FAILED');
      expect((await at(MAX_BODY_DEPTH + 1)).body.code).toBe('BODY_INVALID');
    });

    it('nested multipart field names (a[b][c]…) on the staff import are 400, not 500', async () => {
      const res = await t.http.post('/admin/staffing/import').set(organiser).set('Accept', 'application/json')
        .field(`dryRun${'[a]'.repeat(5000)}`, '1').attach('file', Buffer.from('人员编号\r\n'), 'staff.csv');
      expect([res.status, res.body.code]).toEqual([400, 'BODY_INVALID']);
    });

    it('bracketed form keys stay flat (no nesting from urlencoded forms)', async () => {
      const res = await t.http.post('/admin/staffing/assignments').set(organiser).set('Accept', 'text/html').type('form')
        .send(`officeCodes${'[0]'.repeat(5000)}=1&kind=liaison`);
      expect(res.status).toBeLessThan(500);
    });
  });

  describe('item 9: a query key given twice', () => {
    const reads = ['q', 'district', 'office', 'status', 'session', 'notice', 'next', 'done', 'date', 'from', 'to', 'includeCancelled'];
    const gets = () => routes.filter((r) => r.method === 'GET');

    it('every GET route with each read key twice: 400 QUERY_INVALID naming the key', async () => {
      expect(gets().length).toBeGreaterThan(30);
      const failed = await failures(gets(), async (route) => {
        for (const name of reads) {
          const res = await as(route, { id: '1', runId: String(runId) }).query(`${name}=1&${name}=2`);
          const { code, message } = errorOf(res);
          if (res.status !== 400 || code !== 'QUERY_INVALID' || !message?.includes(name)) return { name, status: res.status, code };
        }
        return true;
      });
      expect(failed).toEqual([]);
    });

    it('the same key once is still served', async () => {
      expect((await t.http.get('/admin/staffing/staff?q=a').set(organiser)).status).toBe(200);
      expect((await t.http.get('/admin/participants?district=1&status=confirmed').set(organiser)).status).toBe(200);
    });
  });

  describe('a filter id of 400 digits (trial s3: ?district= read as Infinity in SQL)', () => {
    const huge = '9'.repeat(400);
    it('every GET route with ?district=, ?run=, ?session= of 400 digits: never 500', async () => {
      const gets = routes.filter((r) => r.method === 'GET');
      const failed = await failures(gets, async (route) => {
        const res = await as(route, { id: '1', runId: String(runId) }).query({ district: huge, run: huge, session: huge });
        return res.status < 500 || { status: res.status, ...errorOf(res) };
      });
      expect(failed).toEqual([]);
      const day = await t.http.get(`/admin/sessions/${sessionId}/days/2021-04-12/attendance?district=${huge}`).set(organiser).set('Accept', 'text/html');
      expect(day.status).toBe(200);
    });

    it('an account with a 400-digit district is refused with a Chinese message, nothing created', async () => {
      const res = await t.http.post('/admin/accounts').set(organiser).set('Accept', 'text/html').type('form')
        .send({ role: 'coordinator', districtId: huge, username: 'bigdistrict', displayName: '某区', password: 'Password-1234' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('请修正标红的项目');
      expect(Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM account WHERE username = 'bigdistrict'`))[0].n)).toBe(0);
    });
  });
});
