import { asOrganiser, createTestApp, openRun, organiserCookie, participantsWithTokens, TestApp } from '../utils/test-app';

/** No error answer echoes a huge input back: quoted field names and values are clipped to 40 characters + "…" (trial item 5). */
describe('Error answers stay small whatever they quote', () => {
  let t: TestApp;
  let token: string;
  let runId: number;
  let cookie: string;
  const huge = (kb: number) => 'A'.repeat(kb * 1024);

  beforeAll(async () => {
    t = await createTestApp();
    runId = (await openRun(t)).run.id;
    [{ token }] = await participantsWithTokens(t, 1);
    cookie = await organiserCookie(t);
  });
  afterAll(() => t.close());

  it('a 90 KB unknown JSON key on PUT /api/runs/:id/registration: 400 under 2 KB naming the key clipped', async () => {
    const res = await t.http.put(`/api/runs/${runId}/registration`).set('Authorization', `Bearer ${token}`).send({ preferredSessionIds: [1], [huge(90)]: 1 });
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(2048);
    expect(res.body.message).toContain(`不允许的字段“${'A'.repeat(40)}…”`);
  });

  it('a 60 KB unknown key in a form-encoded body: 400 under 2 KB', async () => {
    const res = await t.http.put(`/api/runs/${runId}/registration`).set('Authorization', `Bearer ${token}`).type('form').send(`preferredSessionIds=1&${huge(60)}=1`);
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(2048);
    expect(res.body.message).toContain(`${'A'.repeat(40)}…`);
  });

  it('a 90 KB unknown key on the staffing API: 422 under 4 KB, key clipped in message and details', async () => {
    const res = await t.http.post('/api/admin/staffing/staff').set(asOrganiser(cookie)).send({ [huge(90)]: 'x' });
    expect(res.status).toBe(422);
    expect(res.text.length).toBeLessThan(4096);
    expect(JSON.stringify(res.body)).toContain(`${'A'.repeat(40)}…`);
  });

  it('a 90 KB repeated query key: 400 under 2 KB', async () => {
    const key = huge(6);
    const res = await t.http.get(`/api/runs?${key}=1&${key}=2`);
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(2048);
  });
});
