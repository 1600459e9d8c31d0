import type { Test as Request } from 'supertest';
import { Account } from '../../src/auth/account.entity';
import { AccountsService } from '../../src/auth/accounts.service';
import { AuthService } from '../../src/auth/auth.service';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { listRoutes } from '../utils/routes';
import { asOrganiser, createTestApp, openRun, ORGANISER_PASSWORD, organiserCookie, participantsWithTokens, TestApp } from '../utils/test-app';
import { ON_POSTGRES } from '../utils/test-database';

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const SEED = Number(process.env.FUZZ_SEED ?? 20210412);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2500);
const TIME_BUDGET_MS = Number(process.env.FUZZ_SECONDS ?? 75) * 1000;

const NASTY_STRINGS = [
  '', ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}', '陈晓明', '<script>alert(1)</script>', "'; DROP TABLE registration; --",
  'a\r\nBcc: x@example.org', 'a\u0000b', '\u202Eevil', '\u0085', '\u200B', '\uD800', '𠀀𪚥😀', '%00', '../../etc/passwd', 'x'.repeat(5000),
  '2021-04-10', '2021-02-30', '25:99', '2021-04-12T09:00:00+08:00', 'x@example.org', '13900000000',
];
const NASTY_IDS = ['0', '-1', '999999', '1', '2', '3', 'abc', '1.5', '99999999999999999999', '%F0%A0%80%80', '1%20OR%201=1'];

/** A random JSON-ish value, nested at most `depth` deep. */
function value(rng: Rng, depth: number): unknown {
  switch (rng.int(depth > 0 ? 9 : 6)) {
    case 0: return rng.pick(NASTY_STRINGS);
    case 1: return rng.int(5) === 0 ? -rng.int(1000) : rng.int(400);
    case 2: return rng.pick([null, true, false, 1.5, Number.MAX_SAFE_INTEGER]);
    case 3: return rng.pick(['organiser', 'coordinator', 'confirmed', 'waitlisted', 'cancelled', 'office_director']);
    case 4: return rng.pick(NASTY_STRINGS).slice(0, 40);
    case 5: return String(rng.int(10));
    case 6: return Array.from({ length: rng.int(4) }, () => value(rng, depth - 1));
    default: return body(rng, depth - 1);
  }
}

const FIELD_NAMES = [
  'preferredSessionIds', 'unavailableSessionIds', 'participant', 'name', 'email', 'mobile', 'sessionId', 'capacity', 'title', 'venue',
  'firstDay', 'dayCount', 'dailyStart', 'dailyEnd', 'startsAt', 'username', 'password', 'displayName', 'role', 'districtId', 'confirm',
  'maxShare', 'moveCost', 'reason', 'officeId', 'staffId', 'kind', 'startDate', 'endDate', 'post', 'education', 'hiredAt', '__proto__', 'constructor',
];

function body(rng: Rng, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = rng.int(5); i > 0; i--) out[rng.pick(FIELD_NAMES)] = value(rng, depth);
  return out;
}

/** encodeURIComponent, with a lone surrogate sent as its (invalid) UTF-8 bytes instead of throwing. */
function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

function query(rng: Rng): string {
  const keys = ['q', 'status', 'districtId', 'sessionId', 'page', 'sort', 'startsAfter', 'next', 'limit', 'q[]', 'a[b][c]'];
  const parts: string[] = [];
  for (let i = rng.int(4); i > 0; i--) {
    const key = rng.pick(keys);
    parts.push(`${enc(key)}=${enc(String(rng.pick(NASTY_STRINGS)).slice(0, 300))}`);
    if (rng.int(4) === 0) parts.push(`${encodeURIComponent(key)}=b`); // a repeated key
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

type Who = 'anonymous' | 'participant' | 'coordinator' | 'organiser';

/**
 * Issue 9, "done means": a few thousand generated requests over every served route, as every
 * role, with hostile paths, queries, bodies and content types. No answer may be a 5xx, and the
 * database must be intact afterwards (integrity, foreign keys, seat counters, one active
 * registration per person). Seeded (`FUZZ_SEED`) and bounded in count and time.
 */
describe('Fuzzing every route as every role', () => {
  let t: TestApp;
  const headers: Record<Who, Record<string, string>> = { anonymous: {}, participant: {}, coordinator: {}, organiser: {} };
  let token = '';
  let ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    const people = await participantsWithTokens(t, 3);
    token = people[0].token;
    headers.participant = { Authorization: `Bearer ${token}` };
    const profile = await t.get(OrganisationService).participant(people[0].id);
    await t.get(AccountsService).create({ username: 'coord', displayName: '协调员', role: 'coordinator', districtId: profile.districtId, password: 'coordinator-pw-1' });
    headers.coordinator = asOrganiser(await organiserCookie(t, 'coord', 'coordinator-pw-1'));
    headers.organiser = asOrganiser(await organiserCookie(t));
    const registration = await t.get(RegistrationsService).register({ participantId: people[1].id, runId: run.id, preferences: [sessions[0].id], actor: 'organiser' });
    ids = [...NASTY_IDS, String(run.id), String(registration.id), String(people[1].id), ...sessions.map((s) => String(s.id))];
  });
  afterAll(() => t.close());

  /** A staff session made by the service (the sign-in form is throttled per address). */
  async function signIn(username: string, password: string): Promise<Record<string, string>> {
    const cookie = `sid=${await t.get(AuthService).login(username, password)}`;
    const session = await t.http.get('/api/admin/session').set('Cookie', cookie).expect(200);
    return { Cookie: cookie, 'X-CSRF-Token': session.body.csrfToken };
  }

  /** Keeps the staff sessions usable: a fuzzed request may have signed them out or deactivated them. */
  async function refreshStaff(): Promise<void> {
    await t.dataSource.createQueryBuilder().update(Account).set({ active: true, failedLogins: 0, lockedUntil: null }).execute();
    for (const [who, user, pw] of [['organiser', 'organiser', undefined], ['coordinator', 'coord', 'coordinator-pw-1']] as const) {
      const alive = await t.http.get('/api/admin/session').set(headers[who]);
      if (alive.status !== 200) headers[who] = await signIn(user, pw ?? ORGANISER_PASSWORD);
    }
  }

  function concrete(rng: Rng, path: string): string {
    return path.replace(/:(\w+)/g, (_, name: string) => (name === 'token' ? rng.pick([token, token, 'A'.repeat(43), '%00', 'x']) : rng.pick(ids)));
  }

  function send(rng: Rng, method: string, path: string, who: Who): Request {
    const http = t.http as unknown as Record<string, (p: string) => Request>;
    const req = http[method.toLowerCase()](concrete(rng, path) + query(rng)).set(headers[who]);
    req.set('Accept', rng.pick(['application/json', 'text/html', '*/*', 'text/calendar']));
    if (rng.int(10) === 0) req.set('X-CSRF-Token', 'forged');
    if (method === 'GET' || method === 'DELETE') return req;
    switch (rng.int(7)) {
      case 0: return req; // no body at all
      case 1: return req.type('form').send(new URLSearchParams(Object.entries(body(rng, 1)).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)])).toString());
      case 2: return req.set('Content-Type', rng.pick(['text/plain', 'application/xml', 'application/octet-stream', 'application/json; charset=gb2312'])).send('{"a":');
      case 3: return req.set('Content-Type', 'application/json').send(rng.pick(['', '{', '[1,2', '"x"', '1', 'null', '[]', '{"a":'.repeat(200)]));
      case 4: return req.set('Content-Type', 'multipart/form-data; boundary=x').send('--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\u0003\u0004garbage\r\n--x--\r\n');
      case 5: return req.type('form').send(`a${'[b]'.repeat(50)}=1&q=a&q=b&preferredSessionIds[]=1&preferredSessionIds[]=x`);
      default: return req.send(body(rng, 3));
    }
  }

  it(`answers no 5xx to ${REQUESTS} generated requests (seed ${SEED}) and leaves the database intact`, async () => {
    const rng = prng(SEED);
    const routes = listRoutes(t.app).filter((r) => !(r.method === 'POST' && r.path === '/admin/logout'));
    const failures: string[] = [];
    const started = Date.now();
    let sent = 0;
    for (; sent < REQUESTS && Date.now() - started < TIME_BUDGET_MS; sent++) {
      if (sent % 100 === 0) await refreshStaff();
      const route = rng.pick(routes);
      const who = rng.pick<Who>(['anonymous', 'participant', 'coordinator', 'organiser', 'organiser']);
      const req = send(rng, route.method, route.path, who);
      const res = await req;
      if (res.status >= 500) failures.push(`${res.status} ${route.method} ${req.url.replace(/^http:\/\/[^/]+/, '').slice(0, 120)} as ${who}`);
    }
    expect({ sent: sent >= Math.min(REQUESTS, 1000), failures: failures.length, first: failures.slice(0, 25) }).toEqual({ sent: true, failures: 0, first: [] });

    const q = (sql: string) => t.dataSource.query(sql);
    if (!ON_POSTGRES) {
      // SQLite's own checks; PostgreSQL enforces foreign keys on every statement.
      expect(await q('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(await q('PRAGMA foreign_key_check')).toEqual([]);
    }
    expect(
      await q(`SELECT s.id FROM training_session s WHERE s."confirmedCount" > s.capacity
                 OR s."confirmedCount" <> (SELECT COUNT(*) FROM registration r WHERE r."sessionId" = s.id AND r.status = 'confirmed')`),
    ).toEqual([]);
    expect(await q(`SELECT "participantId" FROM registration WHERE status IN ('confirmed', 'waitlisted') GROUP BY "runId", "participantId" HAVING COUNT(*) > 1`)).toEqual([]);
  });
});
