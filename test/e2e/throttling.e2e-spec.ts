import { FAILURE_LIMITS } from '../../src/auth/failure-throttle.service';
import { createTestApp, loginForm, openRun, ORGANISER_PASSWORD, participantsWithTokens, TestApp } from '../utils/test-app';

const FORGED = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.7`;

/**
 * Issue 10, item 6: whole districts share one NAT address. Only failures count per address
 * (invalid personal links, failed sign-ins); valid link holders and correct sign-ins are never
 * throttled; a forged X-Forwarded-For opens no new bucket unless TRUST_PROXY names the proxy.
 */
describe('Throttling that fits a government network', () => {
  describe('without a trusted proxy', () => {
    let t: TestApp;
    beforeAll(async () => (t = await createTestApp()));
    afterAll(() => t.close());

    it('serves a valid personal link 700 times from one address, and throttles only invalid tokens', async () => {
      const { run } = await openRun(t);
      const [p] = await participantsWithTokens(t, 1);
      for (let i = 0; i < 700; i += 50) {
        const batch = await Promise.all(Array.from({ length: 50 }, () => t.http.get(`/api/runs/${run.id}/registration`).set('Authorization', `Bearer ${p.token}`)));
        expect(batch.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
      }
      const wrong = (i: number) => t.http.get(`/r/${'B'.repeat(42)}${String.fromCharCode(65 + (i % 26))}`).set('X-Forwarded-For', FORGED(i));
      for (let i = 0; i < FAILURE_LIMITS.token.points; i++) expect((await wrong(i)).status).toBe(404);
      // Forged X-Forwarded-For values are ignored: still the one bucket of 127.0.0.1.
      const throttled = await wrong(999).set('Accept', 'application/json');
      expect(throttled.status).toBe(429);
      expect(throttled.body.code).toBe('TOO_MANY_FAILURES');
      expect(throttled.body.message).toMatch(/分钟后再试/);
      // The valid link still opens, from the same address.
      expect((await t.http.get(`/r/${p.token}`)).status).toBe(200);
    });

    it('counts failed sign-ins per address, never correct ones', async () => {
      const signIn = async (username: string, password: string, forwardedFor?: string) => {
        const { cookie, csrf } = await loginForm(t);
        const req = t.http.post('/admin/login').set('Cookie', cookie).type('form');
        if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
        return req.send({ username, password, _csrf: csrf });
      };
      for (let i = 0; i < 40; i++) expect((await signIn('organiser', ORGANISER_PASSWORD)).status).toBe(303);
      // Different unknown names, so no account lockout is involved: only the address counts.
      for (let i = 0; i < FAILURE_LIMITS.login.points; i++) expect((await signIn(`nobody${i}`, 'wrong-password', FORGED(i))).status).toBe(401);
      const blocked = await signIn('organiser', ORGANISER_PASSWORD, FORGED(500));
      expect(blocked.status).toBe(429);
      expect(blocked.text).toMatch(/失败的登录尝试过多/);
    });
  });

  describe('with TRUST_PROXY=loopback (a reverse proxy on this machine)', () => {
    let t: TestApp;
    beforeAll(async () => (t = await createTestApp({ TRUST_PROXY: 'loopback' })));
    afterAll(() => t.close());

    it('gives each forwarded client address its own bucket', async () => {
      const wrong = (i: number) => t.http.get(`/r/${'C'.repeat(43)}`).set('X-Forwarded-For', FORGED(i));
      const statuses = [];
      for (let i = 0; i < FAILURE_LIMITS.token.points + 20; i++) statuses.push((await wrong(i)).status);
      expect(statuses.filter((s) => s !== 404)).toEqual([]);
      // One client behind the proxy that keeps failing is throttled on its own.
      for (let i = 0; i < FAILURE_LIMITS.token.points; i++) await wrong(7777);
      expect((await wrong(7777)).status).toBe(429);
      expect((await wrong(7778)).status).toBe(404);
    });
  });
});
