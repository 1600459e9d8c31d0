import { AccountsService } from '../../src/auth/accounts.service';
import { BalancingService } from '../../src/balancing/balancing.service';
import { DEFAULT_BALANCING_POLICY } from '../../src/balancing/balancing-input';
import { JudicialOffice } from '../../src/organisation/judicial-office.entity';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { listRoutes } from '../utils/routes';
import { asOrganiser, loginForm, createTestApp, openRun, organiserCookie, participantsWithTokens, TestApp } from '../utils/test-app';

type Who = 'anonymous' | 'participant' | 'coordinator' | 'organiser' | 'signin';
const ALL: Who[] = ['anonymous', 'participant', 'coordinator', 'organiser', 'signin'];
const PARTICIPANT: Who[] = ['participant'];
const STAFF: Who[] = ['coordinator', 'organiser'];
const ORGANISER: Who[] = ['organiser'];
/** Sign-in at the door (issue 11): organisers and 签到人员, who may do nothing else. */
const SIGNIN: Who[] = ['organiser', 'signin'];
/** Every signed-in account. */
const ACCOUNTS: Who[] = ['coordinator', 'organiser', 'signin'];

/**
 * Who may use each route (issue 6). Every route the app serves must be listed here: a new route
 * fails this suite until it is classified. Coordinators on STAFF routes are further limited to
 * their own district (checked in security.e2e-spec.ts and below).
 */
export const ROUTE_ACCESS: Record<string, Who[]> = {
  'GET /': ALL,
  'GET /admin/login': ALL,
  // Operations (issue 10): counts and ages only, for load balancers and monitoring.
  'GET /health': ALL,
  'POST /admin/login': ALL,
  'GET /api/runs': ALL,
  'GET /api/runs/:runId': ALL,
  'GET /api/runs/:runId/sessions': ALL,
  'GET /r/:token': PARTICIPANT,
  'POST /r/:token/registration': PARTICIPANT,
  'GET /r/:token/cancellation': PARTICIPANT,
  'POST /r/:token/cancellation': PARTICIPANT,
  'POST /r/:token/contact': PARTICIPANT,
  'GET /api/runs/:runId/registration': PARTICIPANT,
  'POST /api/runs/:runId/registration': PARTICIPANT,
  'PUT /api/runs/:runId/registration': PARTICIPANT,
  'DELETE /api/runs/:runId/registration': PARTICIPANT,
  'GET /admin': ACCOUNTS,
  'GET /admin/participants': STAFF,
  'POST /admin/participants/:id/link': STAFF,
  'POST /admin/participants/:id/link/revoke': STAFF,
  'POST /admin/participants/:id/registration': STAFF,
  'POST /admin/registrations/:id/move': STAFF,
  'POST /admin/registrations/:id/cancel': STAFF,
  'GET /admin/audit': STAFF,
  'GET /admin/audit.xlsx': STAFF,
  'POST /admin/logout': ACCOUNTS,
  'GET /api/admin/session': ACCOUNTS,
  'GET /admin/accounts': ORGANISER,
  'POST /admin/accounts': ORGANISER,
  'POST /admin/accounts/:id/deactivate': ORGANISER,
  'GET /admin/balancing': ORGANISER,
  'POST /admin/balancing/preview': ORGANISER,
  'GET /admin/balancing/plans/:id': ORGANISER,
  'POST /admin/balancing/plans/:id/apply': ORGANISER,
  'POST /admin/balancing/plans/:id/restore': ORGANISER,
  'POST /admin/registrations/:id/pin': ORGANISER,
  'GET /admin/import': ORGANISER,
  'POST /admin/import': ORGANISER,
  'GET /admin/import/template.xlsx': ORGANISER,
  'GET /admin/outbox': ORGANISER,
  'POST /admin/runs/:runId/open': ORGANISER,
  'GET /admin/runs/:runId/open': ORGANISER,
  'GET /admin/days': STAFF,
  'GET /admin/sessions/:id/edit': ORGANISER,
  'POST /admin/sessions/:id': ORGANISER,
  'POST /admin/sessions/:id/preview': ORGANISER,
  'GET /api/admin/runs/:runId/overview': ORGANISER,
  'PATCH /api/admin/sessions/:id': ORGANISER,
  'POST /api/admin/sessions/:id/preview': ORGANISER,
  'GET /r/:token/invitation.ics': PARTICIPANT,
  // The sign-in QR image of the holder's own confirmed registration (issue 10, item 7).
  'GET /r/:token/sign-in-qr/:file': PARTICIPANT,
  'GET /admin/outbox/:id': ORGANISER,
  'GET /admin/mail-batches/:id': ORGANISER,
  'GET /admin/outbox/:id/calendar.ics': ORGANISER,
  'POST /admin/outbox/:id/resend': ORGANISER,
  'GET /admin/sessions/:id/calendar.ics': ORGANISER,
  'GET /admin/sessions/:id/cancel': ORGANISER,
  'POST /admin/sessions/:id/cancel': ORGANISER,
  'GET /admin/staffing': ORGANISER,
  'GET /admin/staffing/staff': STAFF,
  'GET /admin/staffing/staff/export.xlsx': STAFF,
  'GET /admin/staffing/reports': STAFF,
  'GET /admin/staffing/reports.xlsx': STAFF,
  'GET /admin/staffing/offices/:id': STAFF,
  'GET /admin/staffing/offices/:id/timeline.xlsx': STAFF,
  'POST /admin/staffing/offices/:id/profile': ORGANISER,
  'POST /admin/staffing/staff': ORGANISER,
  'GET /admin/staffing/staff/new': ORGANISER,
  'GET /admin/staffing/staff/:id': ORGANISER,
  'POST /admin/staffing/staff/:id': ORGANISER,
  'GET /admin/staffing/import': ORGANISER,
  'POST /admin/staffing/import': ORGANISER,
  'GET /admin/staffing/import/template.xlsx': ORGANISER,
  'GET /admin/staffing/assignments': ORGANISER,
  'GET /admin/staffing/assignments.xlsx': ORGANISER,
  'GET /admin/staffing/assignments/new': ORGANISER,
  'POST /admin/staffing/assignments': ORGANISER,
  'GET /admin/staffing/assignments/:id': ORGANISER,
  'POST /admin/staffing/assignments/:id': ORGANISER,
  'POST /admin/staffing/assignments/:id/successor': ORGANISER,
  'POST /admin/staffing/handovers/:id/retry': ORGANISER,
  'GET /api/admin/staffing/staff': ORGANISER,
  'POST /api/admin/staffing/staff': ORGANISER,
  'PUT /api/admin/staffing/staff/:id': ORGANISER,
  'POST /api/admin/staffing/assignments': ORGANISER,
  'PATCH /api/admin/staffing/assignments/:id': ORGANISER,
  'POST /api/admin/staffing/assignments/:id/successor': ORGANISER,
  'GET /api/admin/staffing/reports': ORGANISER,
  'POST /api/admin/registrations/:id/move': STAFF,
  'POST /api/admin/registrations/:id/cancel': STAFF,
  // Scheduling (issue 12): city organisers only.
  'GET /admin/runs': ORGANISER,
  'GET /admin/runs/new': ORGANISER,
  'POST /admin/runs': ORGANISER,
  'GET /admin/runs/:runId': ORGANISER,
  'GET /admin/runs/:runId/edit': ORGANISER,
  'POST /admin/runs/:runId': ORGANISER,
  'GET /admin/runs/:runId/schedule': ORGANISER,
  'POST /admin/runs/:runId/contact': ORGANISER,
  'POST /admin/runs/:runId/sessions': ORGANISER,
  'POST /admin/runs/:runId/audience': ORGANISER,
  'POST /admin/runs/:runId/close': ORGANISER,
  'POST /admin/runs/:runId/archive': ORGANISER,
  'POST /admin/runs/:runId/copy': ORGANISER,
  'GET /admin/venues': ORGANISER,
  'POST /admin/venues': ORGANISER,
  'POST /admin/venues/:id': ORGANISER,
  'GET /api/admin/runs': ORGANISER,
  'POST /api/admin/runs': ORGANISER,
  'GET /api/admin/runs/:runId': ORGANISER,
  'PUT /api/admin/runs/:runId': ORGANISER,
  'POST /api/admin/runs/:runId/proposal': ORGANISER,
  'PUT /api/admin/runs/:runId/sessions': ORGANISER,
  'POST /api/admin/runs/:runId/open': ORGANISER,
  'POST /api/admin/runs/:runId/close': ORGANISER,
  'POST /api/admin/runs/:runId/archive': ORGANISER,
  'POST /api/admin/runs/:runId/copy': ORGANISER,
  'GET /api/admin/venues': ORGANISER,
  'POST /api/admin/venues': ORGANISER,
  'PUT /api/admin/venues/:id': ORGANISER,
  // The OpenAPI description and its UI (@nestjs/swagger): public, like the API's existence.
  'GET /api/docs': ALL,
  'GET /api/docs/': ALL,
  'GET /api/docs-json': ALL,
  'GET /api/docs/index.html': ALL,
  'GET /api/docs/LICENSE': ALL,
  'GET /api/docs/swagger-ui-init.js': ALL,
  'GET /api/docs/docs/swagger-ui-init.js': ALL,
  // The training days (issue 11).
  'GET /signin/:code': SIGNIN,
  'POST /signin/:code': SIGNIN,
  'GET /admin/attendance': SIGNIN,
  'GET /admin/sessions/:sessionId/days/:day/attendance': SIGNIN,
  'POST /admin/sessions/:sessionId/days/:day/attendance/:participantId': SIGNIN,
  'POST /admin/runs/:runId/attendance-policy': ORGANISER,
  'GET /admin/sessions/:sessionId/roster': ACCOUNTS,
  'GET /admin/sessions/:sessionId/roster.xlsx': ACCOUNTS,
  'GET /admin/runs/:runId/participants.xlsx': STAFF,
  'GET /admin/runs/:runId/participants.csv': STAFF,
  'GET /admin/runs/:runId/completion': STAFF,
  'GET /admin/runs/:runId/completion.xlsx': STAFF,
  'GET /admin/runs/:runId/certificates': STAFF,
  'GET /admin/runs/:runId/certificates/:id': STAFF,
  'GET /admin/runs/:runId/leave': STAFF,
  'POST /admin/runs/:runId/leave': STAFF,
  'POST /admin/leave/:id/approve': STAFF,
  'POST /admin/leave/:id/refuse': STAFF,
  'GET /r/:token/leave': PARTICIPANT,
  'POST /r/:token/leave': PARTICIPANT,
  'GET /admin/runs/:runId/reminders': ORGANISER,
  'POST /admin/runs/:runId/reminders': ORGANISER,
  'POST /admin/reminders/:id/remove': ORGANISER,
  'GET /admin/runs/:runId/messages': STAFF,
  'POST /admin/runs/:runId/messages/preview': STAFF,
  'POST /admin/runs/:runId/messages': STAFF,
  'GET /admin/messages/:id': STAFF,
};

describe('Every route gives each role exactly what it should (issue 6)', () => {
  let t: TestApp;
  const headers: Record<Who, Record<string, string>> = { anonymous: {}, participant: {}, coordinator: {}, organiser: {}, signin: {} };
  let token = '';
  const ids: Record<string, number | string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    token = p.token;
    headers.participant = { Authorization: `Bearer ${p.token}` };
    const profile = await t.get(OrganisationService).participant(p.id);
    await t.get(AccountsService).create({ username: 'coord', displayName: '协调员', role: 'coordinator', districtId: profile.districtId, password: 'coordinator-pw-1' });
    headers.coordinator = asOrganiser(await organiserCookie(t, 'coord', 'coordinator-pw-1'));
    headers.organiser = asOrganiser(await organiserCookie(t));
    await t.get(AccountsService).create({ username: 'door', displayName: '签到人员', role: 'signin', districtId: null, password: 'signin-staff-pw-1' });
    headers.signin = asOrganiser(await organiserCookie(t, 'door', 'signin-staff-pw-1'));
    const registration = await t.get(RegistrationsService).register({ participantId: p.id, runId: run.id, preferences: [sessions[0].id], actor: 'organiser' });
    const plan = await t.get(BalancingService).preview(run.id, DEFAULT_BALANCING_POLICY);
    const office = (await t.get(OrganisationService).listParticipants()).find((x) => x.districtId === profile.districtId && x.postKind === 'office_director')!;
    const officeId = (await t.dataSource.getRepository(JudicialOffice).findOneByOrFail({ code: office.unitCode })).id;
    const neighbour = (await t.get(OrganisationService).listParticipants({ districtId: profile.districtId })).find((x) => x.id !== p.id)!;
    Object.assign(ids, { firstDay: sessions[0].firstDay, neighbour: neighbour.id, runId: run.id, participant: p.id, registration: registration.id, session: sessions[0].id, spareSession: sessions[2].id, plan: plan.id, office: officeId });
  });
  afterAll(() => t.close());

  it('lists every route the app serves in the access table', () => {
    const served = listRoutes(t.app).map((r) => `${r.method} ${r.path}`);
    expect(served.filter((r) => !(r in ROUTE_ACCESS))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((r) => !served.includes(r))).toEqual([]);
  });

  function concrete(path: string, who: Who): string {
    return path
      .replace(':token', who === 'participant' ? token : 'A'.repeat(43))
      .replace(':runId', String(ids.runId))
      .replace(':sessionId', String(ids.session))
      .replace(':day', ids.firstDay as unknown as string)
      .replace(':participantId', String(ids.participant))
      .replace(/certificates\/:id/, `certificates/${ids.registration}`)
      .replace(':code', 'C'.repeat(43))
      .replace(':file', `${ids.registration}.png`)
      .replace(/^\/admin\/participants\/:id\/link/, `/admin/participants/${ids.neighbour}/link`)
      .replace(/^\/admin\/participants\/:id/, `/admin/participants/${ids.participant}`)
      .replace(/registrations\/:id/, `registrations/${ids.registration}`)
      .replace(/sessions\/:id\/cancel/, `sessions/${ids.spareSession}/cancel`)
      .replace(/sessions\/:id/, `sessions/${ids.session}`)
      .replace(/outbox\/:id/, 'outbox/1')
      .replace(/offices\/:id/, `offices/${ids.office}`)
      .replace(/leave\/:id/, 'leave/999999')
      .replace(/reminders\/:id/, 'reminders/999999')
      .replace(/messages\/:id/, 'messages/999999')
      .replace(/staffing\/(staff|assignments|handovers)\/:id/, 'staffing/$1/999999')
      .replace(/plans\/:id/, `plans/${ids.plan}`)
      .replace(/accounts\/:id/, 'accounts/999999')
      .replace(/venues\/:id/, 'venues/999999');
  }

  /** Refused by authentication or authorisation (not merely "no such row"): 401, 403, an invalid personal link, or a redirect to sign in. */
  const denied = (status: number, location: string | undefined, route: string, text: string) =>
    (status === 401 && route !== 'POST /admin/login') || status === 403 || (status === 404 && /INVALID_TOKEN|个人报名链接无效/.test(text)) || (status === 303 && /\/admin\/login/.test(location ?? '') && !route.startsWith('POST /admin/l'));

  const cases = Object.entries(ROUTE_ACCESS)
    .filter(([route]) => route !== 'POST /admin/logout')
    .flatMap(([route, allowed]) => ALL.map((who) => [route, who, allowed.includes(who)] as const));

  it.each(cases)('%s as %s → allowed: %s', async (route, who, allowed) => {
    const [method, path] = route.split(' ');
    const req = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method.toLowerCase()](concrete(path, who))
      .set(headers[who])
      .set('Accept', path.startsWith('/api') ? 'application/json' : 'text/html');
    let body: Record<string, string> = {};
    if (route === 'POST /admin/login') {
      // Everyone may try to sign in; the form's own CSRF token is part of a real attempt.
      const form = await loginForm(t);
      req.set('Cookie', form.cookie);
      body = { username: 'nobody', password: 'wrong-password', _csrf: form.csrf };
    }
    const res = await (method === 'GET' ? req : req.send(body));
    expect({ route, who, denied: denied(res.status, res.headers.location, route, res.text ?? ''), status: res.status }).toEqual({ route, who, denied: !allowed, status: res.status });
  });

  it('POST /admin/logout ends the session for staff and refuses the anonymous', async () => {
    expect((await t.http.post('/admin/logout')).status).toBe(401);
    const coordinator = asOrganiser(await organiserCookie(t, 'coord', 'coordinator-pw-1'));
    const res = await t.http.post('/admin/logout').set(coordinator);
    expect(res.status).toBe(303);
    expect((await t.http.get('/api/admin/session').set(coordinator)).status).toBe(401);
  });
});
