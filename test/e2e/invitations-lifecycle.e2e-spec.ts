import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
import { TrainingSession } from '../../src/training/training-session.entity';
import { calendarOf } from '../utils/ical';
import { calendarSteps, ControllableSink } from '../utils/invitations';
import { page } from '../utils/organiser';
import { createTestApp, deliverAll, openRun, organiserCookie, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

const [T1, T2, T3] = ['全市司法所长培训班（第一期）', '全市司法所长培训班（第二期）', '全市司法所长培训班（第三期）'];

describe('The invitation lifecycle over real SMTP, step by step (issue #3)', () => {
  let sink: ControllableSink;
  let t: TestApp;
  let runId: number;
  let s1: number, s2: number, s3: number;

  beforeEach(async () => {
    sink = await new ControllableSink().up();
    t = await createTestApp({ SMTP_URL: sink.url });
    const opened = await openRun(t);
    runId = opened.run.id;
    [s1, s2, s3] = opened.sessions.map((s) => s.id);
  });
  afterEach(async () => {
    await t.close();
    await sink.down();
  });

  const register = (p: { id: number }, preferences: number[]) =>
    t.get(RegistrationsService).register({ participantId: p.id, runId, preferences, actor: 'participant' });
  const status = (registrationId: number) => t.dataSource.getRepository(Registration).findOneByOrFail({ id: registrationId });

  it('confirm, date change, move, cancel: method, UID and SEQUENCE in order for the participant', async () => {
    const [a] = await participantsWithTokens(t, 1);
    const registration = await register(a, [s1, s2]);
    await deliverAll(t);
    t.clock.advance(60_000);
    await t.get(SessionChangesService).update(s1, { firstDay: '2021-04-14' });
    await deliverAll(t);
    t.clock.advance(60_000);
    await t.get(RegistrationsService).moveByOrganiser(registration.id, s2);
    await deliverAll(t);
    t.clock.advance(60_000);
    await t.get(RegistrationsService).cancel(a.id, runId, 'participant');
    await deliverAll(t);

    const steps = calendarSteps(sink.to(a.email));
    expect(steps.map(({ method, summary, sequence }) => [method, summary, sequence])).toEqual([
      ['REQUEST', T1, 0], // confirmed
      ['REQUEST', T1, 1], // the session moved to 20–21 April
      ['CANCEL', T1, 2], // moved to session 2: session 1 is cancelled first …
      ['REQUEST', T2, 0], // … then session 2 is requested, with its own UID
      ['CANCEL', T2, 1], // the participant cancelled
    ]);
    expect(new Set(steps.slice(0, 3).map((s) => s.uid)).size).toBe(1);
    expect(steps[3].uid).toBe(steps[4].uid);
    expect(steps[3].uid).not.toBe(steps[0].uid);
    expect(calendarOf(sink.to(a.email)[1].parsed).occurrences[0].start).toBe('2021-04-14T01:00:00.000Z');
    // Delivered in the order queued, each once, with the Message-ID stored in the outbox.
    const queued = await t.dataSource.getRepository(OutboxMessage).find({ where: { recipientAddress: a.email }, order: { id: 'ASC' } });
    expect(sink.to(a.email).map((m) => m.messageId)).toEqual(queued.map((q) => q.messageId));
    expect(queued.every((q) => q.status === 'sent')).toBe(true);
  });

  it('session cancelled by the organiser (confirmation page, then POST): CANCEL, requeue, promotion', async () => {
    const [b, c, d, e] = await participantsWithTokens(t, 4);
    await setCapacity(t, s1, 1);
    const regE = await register(e, [s1]); // takes session 1's only seat
    const regB = await register(b, [s3, s2]); // has a second choice with free seats
    const regC = await register(c, [s3]); // ranked nothing else
    const regD = await register(d, [s3, s1]); // second choice is full
    await deliverAll(t);
    const cookie = await organiserCookie(t);

    const edit = await page(t, 'get', `/admin/sessions/${s3}/edit`, cookie).expect(200);
    expect(edit.text).toContain(`href="/admin/sessions/${s3}/cancel"`);
    const confirm = await page(t, 'get', `/admin/sessions/${s3}/cancel`, cookie).expect(200);
    expect(confirm.text).toContain('确认取消：' + T3);
    expect(confirm.text).toMatch(/已确认的 3 人[\s\S]*其中 2 人[\s\S]*其余 1 人/);
    expect(confirm.text).not.toContain('<script');
    // Looking at the confirmation page changes nothing.
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s3 })).status).toBe('scheduled');

    await page(t, 'post', `/admin/sessions/${s3}/cancel`, cookie).type('form').send({}).expect(303).expect('Location', /^\/admin\?notice=session-cancelled&run=\d+&batch=\d+$/);
    await deliverAll(t);

    expect(await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s3 })).toMatchObject({ status: 'cancelled', confirmedCount: 0 });
    expect(await status(regB.id)).toMatchObject({ status: 'confirmed', sessionId: s2 });
    expect(await status(regC.id)).toMatchObject({ status: 'cancelled', sessionId: null });
    expect(await status(regD.id)).toMatchObject({ status: 'waitlisted', sessionId: null, preferences: [s1] });
    // Calendar mails only: D, put back on the waitlist, also gets a waitlist notice (issue 11, item 3).
    const steps = (email: string) => calendarSteps(sink.to(email).filter((m) => !m.parsed.subject?.startsWith('【候补通知】'))).map(({ method, summary, sequence }) => [method, summary, sequence]);
    expect(steps(b.email)).toEqual([['REQUEST', T3, 0], ['CANCEL', T3, 1], ['REQUEST', T2, 0]]);
    expect(steps(c.email)).toEqual([['REQUEST', T3, 0], ['CANCEL', T3, 1]]);
    expect(steps(d.email)).toEqual([['REQUEST', T3, 0], ['CANCEL', T3, 1]]);
    expect(sink.to(c.email)[1].parsed.subject).toBe(`【培训取消】${T3}`);
    expect(sink.to(d.email).map((m) => m.parsed.subject)).toContain('【候补通知】全市司法所长培训班');

    // D waits for session 1 and gets E's seat when E cancels.
    await t.get(RegistrationsService).cancel(e.id, runId, 'participant');
    await deliverAll(t);
    expect(await status(regD.id)).toMatchObject({ status: 'confirmed', sessionId: s1 });
    expect(steps(d.email).at(-1)).toEqual(['REQUEST', T1, 0]);
    expect(await status(regE.id)).toMatchObject({ status: 'cancelled' });

    // A cancelled session cannot be cancelled twice, or chosen again.
    await page(t, 'post', `/admin/sessions/${s3}/cancel`, cookie).type('form').send({}).expect(409);
    await expect(register(c, [s3])).rejects.toMatchObject({ code: 'SESSION_CANCELLED' });
  });

  it('cancelling a session needs the CSRF token of a signed-in organiser', async () => {
    const cookie = await organiserCookie(t);
    await t.http.post(`/admin/sessions/${s3}/cancel`).set('Cookie', cookie).set('Accept', 'text/html').type('form').send({}).expect(403);
    await t.http.post(`/admin/sessions/${s3}/cancel`).set('Accept', 'application/json').expect(401);
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: s3 })).status).toBe('scheduled');
  });
});
