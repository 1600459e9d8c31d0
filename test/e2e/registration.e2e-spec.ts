import { OrganisationService } from '../../src/organisation/organisation.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { createTestApp, openRun, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

describe('Registration through the personal link (pages)', () => {
  let t: TestApp;
  let sessions: { id: number; title: string }[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ sessions } = await openRun(t));
  });
  afterAll(() => t.close());

  it('shows the participant their post and the three sessions in Chinese', async () => {
    const [p] = await participantsWithTokens(t, 1);
    const res = await t.http.get(`/r/${p.token}`).expect(200);
    expect(res.text).toContain('全市司法所长培训班（第一期）');
    const profile = await t.get(OrganisationService).participant(p.id);
    expect(res.text).toContain(`${profile.unitLabel} ${profile.postLabel}`);
    expect(res.text).toContain('提交报名');
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('registers into the highest-ranked session with a seat, then changes and cancels', async () => {
    const [, p] = await participantsWithTokens(t, 2);
    await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: String(sessions[1].id), choice2: String(sessions[0].id) }).expect(303);
    const registrations = t.get(RegistrationsService);
    const runId = (await t.http.get('/api/runs').expect(200)).body[0].id;
    expect(await registrations.current(p.id, runId)).toMatchObject({ status: 'confirmed', sessionId: sessions[1].id });

    const page = await t.http.get(`/r/${p.token}?done=registered`).expect(200);
    expect(page.text).toContain('报名已提交');
    expect(page.text).toContain('已确认参训');

    await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: String(sessions[2].id) }).expect(303);
    expect(await registrations.current(p.id, runId)).toMatchObject({ status: 'confirmed', sessionId: sessions[2].id });

    await t.http.post(`/r/${p.token}/cancellation`).type('form').send({}).expect(303);
    expect(await registrations.current(p.id, runId)).toBeNull();
  });

  it('waitlists when no chosen session has a seat and says the place in the queue', async () => {
    await setCapacity(t, sessions[0].id, 0);
    const people = await participantsWithTokens(t, 5);
    const p = people[4];
    await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: String(sessions[0].id) }).expect(303);
    const page = await t.http.get(`/r/${p.token}`).expect(200);
    expect(page.text).toContain('候补中');
    expect(page.text).toMatch(/排在第 1 位/);
  });

  it('re-renders the form with field errors (422) and writes nothing', async () => {
    const [, , p] = await participantsWithTokens(t, 3);
    const res = await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: '', choice2: 'abc' }).expect(422);
    expect(res.text).toContain('请选择第一志愿');
    expect(res.text).toContain('请选择列表中的期次');
    const dup = await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: String(sessions[1].id), choice2: String(sessions[1].id) }).expect(422);
    expect(dup.text).toContain('与前面的志愿重复');
    const runId = (await t.http.get('/api/runs')).body[0].id;
    expect(await t.get(RegistrationsService).current(p.id, runId)).toBeNull();
  });

  it('answers an unknown or malformed link with a Chinese 404 page', async () => {
    const res = await t.http.get('/r/not-a-token').expect(404);
    expect(res.text).toContain('个人报名链接无效或已失效');
    await t.http.get(`/r/${'A'.repeat(43)}`).expect(404);
  });

  it('refuses participants after the deadline, with the deadline in the message', async () => {
    const [, , , p] = await participantsWithTokens(t, 4);
    t.clock.set('2021-04-08T00:00:00Z');
    try {
      const res = await t.http.post(`/r/${p.token}/registration`).type('form').send({ choice1: String(sessions[1].id) }).expect(409);
      expect(res.text).toContain('报名已于2021年4月7日（星期三）17:00截止');
    } finally {
      t.clock.set('2021-03-22T01:00:00Z');
    }
  });
});
