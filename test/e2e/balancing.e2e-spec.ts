import { BalancingService } from '../../src/balancing/balancing.service';
import { DEFAULT_BALANCING_POLICY } from '../../src/balancing/balancing-input';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { TrainingSession } from '../../src/training/training-session.entity';
import { createTestApp, openRun, organiserCookie, setCapacity, TestApp, asOrganiser } from '../utils/test-app';

/** One participant from each of the first `n` districts (so district caps do not bind). */
async function onePerDistrict(t: TestApp, n: number) {
  const people = await t.get(OrganisationService).listParticipants();
  const seen = new Set<number>();
  const picked = people.filter((p) => !seen.has(p.districtId) && seen.add(p.districtId)).slice(0, n);
  return t.get(TransactionRunner).run(async (m) => {
    const out = [];
    for (const p of picked) out.push({ ...p, token: await t.get(OrganisationService).issueToken(m, p.id) });
    return out;
  });
}

describe('Balancing: preview, apply, restore (issue 4 workflow)', () => {
  let t: TestApp;
  let runId: number;
  let s1: number;
  let s2: number;
  let s3: number;

  beforeEach(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    runId = opened.run.id;
    [s1, s2, s3] = opened.sessions.map((s) => s.id);
    await setCapacity(t, s1, 2);
    await setCapacity(t, s2, 2);
    await setCapacity(t, s3, 0);
  });
  afterEach(() => t.close());

  async function scenario() {
    const [p1, p2, p3] = await onePerDistrict(t, 3);
    const reg = t.get(RegistrationsService);
    const r1 = await reg.register({ participantId: p1.id, runId, preferences: [s1, s2], actor: 'participant' });
    const r2 = await reg.register({ participantId: p2.id, runId, preferences: [s1], actor: 'participant' });
    const r3 = await reg.register({ participantId: p3.id, runId, preferences: [s1], actor: 'participant' });
    expect([r1.status, r2.status, r3.status]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    return { p1, p2, p3, r1, r2, r3 };
  }

  const seats = async (id: number) => (await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id })).confirmedCount;
  // Calendar mails (waitlisted people also get a waitlist notice, issue 11 item 3).
  const mailsTo = (email: string) => t.dataSource.getRepository(OutboxMessage).find({ where: { recipientAddress: email, kind: 'invitation' }, order: { id: 'ASC' } });

  it('finds the plan first-come-first-served misses, moves only whom it must, and mails only them', async () => {
    const { p1, p2, p3 } = await scenario();
    const before = { p2: (await mailsTo(p2.email)).length };
    const plan = await t.get(BalancingService).preview(runId, DEFAULT_BALANCING_POLICY);
    const after = new Map(plan.after.map((r) => [r.participantId, r.sessionId]));
    expect(after.get(p1.id)).toBe(s2);
    expect(after.get(p2.id)).toBe(s1);
    expect(after.get(p3.id)).toBe(s1);

    // Preview changes nothing.
    expect(await t.get(RegistrationsService).current(p3.id, runId)).toMatchObject({ status: 'waitlisted' });

    expect(await t.get(BalancingService).apply(plan.id)).toBe(2);
    expect(await t.get(RegistrationsService).current(p1.id, runId)).toMatchObject({ status: 'confirmed', sessionId: s2 });
    expect(await t.get(RegistrationsService).current(p3.id, runId)).toMatchObject({ status: 'confirmed', sessionId: s1 });
    expect([await seats(s1), await seats(s2)]).toEqual([2, 1]);
    expect((await mailsTo(p1.email)).map((m) => m.calendarMethod)).toEqual(['REQUEST', 'CANCEL', 'REQUEST']);
    expect((await mailsTo(p3.email)).map((m) => m.calendarMethod)).toEqual(['REQUEST']);
    expect((await mailsTo(p2.email)).length).toBe(before.p2);

    // Restore puts everyone back where they were.
    expect(await t.get(BalancingService).restore(plan.id)).toBe(2);
    expect(await t.get(RegistrationsService).current(p1.id, runId)).toMatchObject({ status: 'confirmed', sessionId: s1 });
    expect(await t.get(RegistrationsService).current(p3.id, runId)).toMatchObject({ status: 'waitlisted' });
    expect([await seats(s1), await seats(s2)]).toEqual([2, 0]);
  });

  it('refuses a stale plan and changes nothing', async () => {
    const { p1 } = await scenario();
    const plan = await t.get(BalancingService).preview(runId, DEFAULT_BALANCING_POLICY);
    await t.get(RegistrationsService).cancel(p1.id, runId, 'participant');
    await expect(t.get(BalancingService).apply(plan.id)).rejects.toMatchObject({ code: 'PLAN_STALE' });
  });

  it('says which pins cannot be met and for whom, and refuses to apply', async () => {
    const { r1, r2, r3 } = await scenario();
    for (const r of [r1, r2, r3]) await t.get(RegistrationsService).setPin(r.id, s1);
    const plan = await t.get(BalancingService).preview(runId, DEFAULT_BALANCING_POLICY);
    expect(plan.report.conflicts).toEqual([expect.objectContaining({ code: 'PIN_OVER_CAPACITY', sessionId: s1 })]);
    const cookie = await organiserCookie(t);
    const page = await t.http.get(`/admin/balancing/plans/${plan.id}`).set(asOrganiser(cookie)).expect(200);
    expect(page.text).toContain('固定到该期的人数超过容量');
    const refused = await t.http.post(`/admin/balancing/plans/${plan.id}/apply`).set(asOrganiser(cookie)).expect(422);
    expect(refused.text).toContain('方案中有无法满足的固定安排');
    expect(await seats(s1)).toBe(2);
  });

  it('the organiser pages preview and apply a plan without JavaScript', async () => {
    const { p3 } = await scenario();
    const cookie = await organiserCookie(t);
    await t.http.get('/admin/balancing').set(asOrganiser(cookie)).expect(200);
    const bad = await t.http.post('/admin/balancing/preview').set(asOrganiser(cookie)).type('form').send({ maxShare: '2', moveCost: '2', unrankedCost: '10', evenness: '0' }).expect(422);
    expect(bad.text).toContain('每区单期最大占比应在');
    const res = await t.http.post('/admin/balancing/preview').set(asOrganiser(cookie)).type('form').send({ maxShare: '0.5', moveCost: '2', unrankedCost: '10', evenness: '0' }).expect(303);
    const page = await t.http.get(res.headers.location).set(asOrganiser(cookie)).expect(200);
    expect(page.text).toContain('调整名单（2 人）');
    expect(page.text).toContain(p3.name);
    const applied = await t.http.post(`${res.headers.location}/apply`).set(asOrganiser(cookie)).expect(303);
    expect(applied.headers.location).toBe(`${res.headers.location}?done=applied&moved=2`);
    // The applied plan's page survives a reload (issue 13, item 4).
    for (let i = 0; i < 2; i++) {
      const shown = await t.http.get(applied.headers.location).set(asOrganiser(cookie)).expect(200);
      expect(shown.text).toContain('方案已执行：调整 2 人');
      expect(shown.text).toContain('已执行');
    }
    expect(await t.get(RegistrationsService).current(p3.id, runId)).toMatchObject({ status: 'confirmed', sessionId: s1 });
    // The plan's page links to the progress of the mails the apply queued (issue 11, item 8): p1 moves
    // to session 2 (CANCEL + REQUEST), p3 is promoted from the waitlist (REQUEST).
    const shown = await t.http.get(applied.headers.location).set(asOrganiser(cookie)).expect(200);
    const href = /href="(\/admin\/mail-batches\/\d+)"/.exec(shown.text)?.[1];
    expect(href).toBeDefined();
    const progress = await t.http.get(href!).set(asOrganiser(cookie)).set('Accept', 'text/html').expect(200);
    expect(progress.text).toContain('发送进度：执行均衡方案');
    expect(progress.text).toMatch(/已发送 <strong>0<\/strong> \/ 3（0%），等待发送 <strong>3<\/strong>，失败 <strong>0<\/strong>/);
  });

  it('speaks in people, not costs; no error banner on a fresh form; the cap is off by default and a move out of an only choice is listed before apply (issue 13, item 4)', async () => {
    const { p2 } = await scenario();
    const cookie = await organiserCookie(t);
    const fresh = await t.http.get('/admin/balancing').set(asOrganiser(cookie)).expect(200);
    expect(fresh.text).not.toContain('请修正标红的项目');
    expect(fresh.text).toMatch(/<input id="maxShare" name="maxShare" type="text" value=""/);
    const plain = await t.http.post('/admin/balancing/preview').set(asOrganiser(cookie)).type('form').send({ maxShare: '', moveCost: '2', unrankedCost: '10', evenness: '0' }).expect(303);
    const page = await t.http.get(plain.headers.location).set(asOrganiser(cookie)).expect(200);
    expect(page.text).toContain('共 3 人：<strong>2</strong> 人安排在第一志愿，<strong>1</strong> 人第二志愿');
    expect(page.text).toContain('已确认人员中有 <strong>1</strong> 人调整期次；候补人员中有 <strong>1</strong> 人获得安排');
    expect(page.text).toContain('每区单期人数上限：未设置（不限制）');
    // Costs only behind 技术细节, never in the page's own words.
    expect(page.text.replace(/<details>[\s\S]*?<\/details>/g, '')).not.toContain('总代价');
    expect(page.text).toContain('<summary>计算参数与代价（技术细节）</summary>');
    // With a cap of one person per district per session and everyone wanting session 1 only,
    // moving p2 out of their only choice is named before apply.
    const neighbour = (await t.get(OrganisationService).listParticipants({ districtId: p2.districtId })).find((x) => x.id !== p2.id)!;
    const q = await t.get(RegistrationsService).register({ participantId: neighbour.id, runId, preferences: [s1], actor: 'participant' });
    await t.get(RegistrationsService).setPin(q.id, s1);
    await setCapacity(t, s2, 5);
    const capped = await t.http.post('/admin/balancing/preview').set(asOrganiser(cookie)).type('form').send({ maxShare: '0.05', moveCost: '2', unrankedCost: '10', evenness: '0' }).expect(303);
    const cappedPage = await t.http.get(capped.headers.location).set(asOrganiser(cookie)).expect(200);
    expect(cappedPage.text).toContain('每期最多安排本区 5% 的人员');
    expect(cappedPage.text).toContain('只填报了一个志愿，该方案会把他们调出该期次');
  });

  it('honours sessions a participant cannot attend', async () => {
    const [p1, p2] = await onePerDistrict(t, 2);
    await setCapacity(t, s3, 5);
    const reg = t.get(RegistrationsService);
    await reg.register({ participantId: p1.id, runId, preferences: [s1], unavailable: [s2, s3], actor: 'participant' });
    await reg.register({ participantId: p2.id, runId, preferences: [s1], actor: 'participant' });
    await setCapacity(t, s1, 2);
    const plan = await t.get(BalancingService).preview(runId, { ...DEFAULT_BALANCING_POLICY, evenness: 50 });
    const after = new Map(plan.after.map((r) => [r.participantId, r.sessionId]));
    expect(after.get(p1.id)).toBe(s1);
    expect(await t.dataSource.getRepository(Participant).countBy({})).toBe(247);
  });
});
