import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { asOrganiser, createTestApp, organiserCookie, TestApp } from '../utils/test-app';
import { confirmedIn } from '../utils/training-days';

/** Issue 11, item 8: "this will e-mail N people" (with who) before anything is queued. */
describe('Confirmation before mass mail (issue 11, item 8)', () => {
  let t: TestApp;
  let organiser: Record<string, string>;
  afterAll(() => t.close());

  const outbox = () => t.dataSource.getRepository(OutboxMessage).count();
  const html = (path: string) => t.http.get(path).set(organiser).set('Accept', 'text/html');

  beforeAll(async () => {
    t = await createTestApp();
    organiser = asOrganiser(await organiserCookie(t));
  });

  it('opening registration first shows how many people get their link, and who; only the confirmation queues', async () => {
    const run = await t.dataSource.getRepository(TrainingRun).findOneByOrFail({});
    const overview = await html('/admin').expect(200);
    expect(overview.text).toContain(`href="/admin/runs/${run.id}/open"`);
    const page = await html(`/admin/runs/${run.id}/open`).expect(200);
    expect(page.text).toContain('此操作将向 <strong>247</strong> 人发送邮件');
    expect(page.text.match(/<li>/g)!.length).toBe(247);
    expect(await outbox()).toBe(0);
    await t.http.post(`/admin/runs/${run.id}/open`).set(organiser).type('form').send({}).expect(303);
    expect(await outbox()).toBe(247);
  });

  it('a session edit shows every mail before saving (the issue 12 preview); a cancellation says how many and who', async () => {
    const run = await t.dataSource.getRepository(TrainingRun).findOneByOrFail({});
    const session = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ runId: run.id, ordinal: 3 });
    const people = await confirmedIn(t, run.id, session, 2);
    const before = await outbox();
    const form = { title: session.title, firstDay: session.firstDay, dayCount: String(session.dayCount), dailyStart: session.dailyStart, dailyEnd: session.dailyEnd, venue: '上海市司法局新培训中心', capacity: String(session.capacity) };
    const asked = await t.http.post(`/admin/sessions/${session.id}/preview`).set(organiser).set('Accept', 'text/html').type('form').send(form).expect(200);
    expect(asked.text).toContain('保存后将发送 2 封邮件');
    for (const p of people) expect(asked.text).toContain(p.name);
    expect(await outbox()).toBe(before);
    await t.http.post(`/admin/sessions/${session.id}`).set(organiser).type('form').send(form).expect(303);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ subject: `【培训变更】${session.title}` })).toBe(2);

    const cancel = await html(`/admin/sessions/${session.id}/cancel`).expect(200);
    expect(cancel.text).toContain('此操作将向 <strong>2</strong> 人发送日历取消通知');
    for (const p of people) expect(cancel.text).toContain(p.name);
  });
});
