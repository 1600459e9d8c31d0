import { AuditEvent } from '../../src/audit/audit-event.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { staffingSession } from '../factories/staff';
import { createTestApp, TestApp } from '../utils/test-app';

describe('Step 二(二): the run keeps 3 sessions of 2 days in April 2021 unless an edit is confirmed (issue 14, item 7)', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let sessions: TrainingSession[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ headers } = await staffingSession(t));
    sessions = await t.dataSource.getRepository(TrainingSession).find({ order: { ordinal: 'ASC' } });
  });
  afterAll(() => t.close());

  const form = (s: TrainingSession, over: Record<string, string> = {}) => ({
    title: s.title, firstDay: s.firstDay, dayCount: String(s.dayCount), dailyStart: s.dailyStart, dailyEnd: s.dailyEnd, venue: s.venue, capacity: String(s.capacity), ...over,
  });

  it('moving a session within April keeps the shape and needs no confirmation', async () => {
    const s = sessions[2];
    await t.http.post(`/admin/sessions/${s.id}`).set(headers).type('form').send(form(s, { firstDay: '2021-04-28' })).expect(303);
    const overMonthEnd = await t.http.post(`/admin/sessions/${s.id}`).set(headers).type('form').send(form(s, { firstDay: '2021-04-30' })).expect(409);
    expect(overMonthEnd.text).toContain('全市司法所长培训班（第三期）不在2021年4月内举办');
  });

  it('moving a session to May is held back with a warning naming the plan’s wording, and nothing changes', async () => {
    const s = sessions[1];
    const res = await t.http.post(`/admin/sessions/${s.id}`).set(headers).type('form').send(form(s, { firstDay: '2021-05-06' }));
    expect(res.status).toBe(409);
    expect(res.text).toContain('分批（分3期、每期2天）举办全市司法所长培训班');
    expect(res.text).toContain('全市司法所长培训班（第二期）不在2021年4月内举办');
    expect(res.text).toContain('name="override"');
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s.id })).firstDay).toBe('2021-04-19');
    const api = await t.http.patch(`/api/admin/sessions/${s.id}`).set({ ...headers, Accept: 'application/json' }).send({ dayCount: 3 });
    expect(api.status).toBe(409);
    expect(api.body).toMatchObject({ code: 'SCHEDULE_CONFLICT', details: { overridable: true, departures: ['全市司法所长培训班（第二期）为3天，方案为每期2天'] } });
  });

  it('confirmed, the edit is saved and audited with the departure', async () => {
    const s = sessions[1];
    const res = await t.http.post(`/admin/sessions/${s.id}`).set(headers).type('form').send(form(s, { dayCount: '3', override: 'yes', overrideReason: '场地改期' }));
    expect(res.status).toBe(303);
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s.id })).dayCount).toBe(3);
    const audit = await t.dataSource.getRepository(AuditEvent).findOneByOrFail({ action: 'session.plan-shape-departure', subjectId: String(s.id) });
    expect(JSON.parse(audit.after!)).toEqual({ departures: ['全市司法所长培训班（第二期）为3天，方案为每期2天'], reason: '场地改期' });
  });

});
