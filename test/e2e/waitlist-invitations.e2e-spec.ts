import { DispatcherService } from '../../src/invitations/dispatcher.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
import { calendarOf } from '../utils/ical';
import { SmtpSink } from '../utils/smtp-sink';
import { createTestApp, deliverAll, openRun, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

describe('Waitlist promotion and the invitation lifecycle over real SMTP (cases C04, C07)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let runId: number;
  let r1: number;
  let s2: number;

  beforeEach(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: sink.url });
    const opened = await openRun(t);
    runId = opened.run.id;
    [r1, s2] = opened.sessions.map((s) => s.id);
  });
  afterEach(async () => {
    await t.close();
    await sink.stop();
  });

  // Calendar mails only: waitlisted people also get a waitlist notice without a calendar (issue 11, item 3).
  const requestsFor = (email: string, sessionTitle: string, method: string) =>
    sink.to(email).filter((m) => !m.parsed.subject?.startsWith('【候补通知】')).map((m) => calendarOf(m.parsed)).filter((c) => c.method === method && c.summary === sessionTitle);

  it('C07: FIFO promotion on a move, a new registration, and a capacity raise', async () => {
    const registrations = t.get(RegistrationsService);
    await setCapacity(t, r1, 2);
    const [a, b, c, d, e] = await participantsWithTokens(t, 5);
    const reg = (p: { id: number }, prefs: number[]) => registrations.register({ participantId: p.id, runId, preferences: prefs, actor: 'participant' });
    const regA = await reg(a, [r1]);
    await reg(b, [r1]);
    expect((await reg(c, [r1])).status).toBe('waitlisted');
    expect((await reg(d, [r1])).status).toBe('waitlisted');
    await deliverAll(t);

    // (i) the organiser moves A to session 2
    await registrations.moveByOrganiser(regA.id, s2);
    expect(await registrations.current(c.id, runId)).toMatchObject({ status: 'confirmed', sessionId: r1 });
    expect(await registrations.current(d.id, runId)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    // (ii) E registers for R1
    expect(await reg(e, [r1])).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });

    // (iii) capacity raised to 4
    await t.get(SessionChangesService).update(r1, { capacity: 4 });
    expect(await registrations.current(d.id, runId)).toMatchObject({ status: 'confirmed', sessionId: r1 });
    expect(await registrations.current(e.id, runId)).toMatchObject({ status: 'confirmed', sessionId: r1 });

    await deliverAll(t);
    const title1 = '全市司法所长培训班（第一期）';
    const title2 = '全市司法所长培训班（第二期）';
    for (const p of [c, d, e]) expect(requestsFor(p.email, title1, 'REQUEST')).toHaveLength(1);
    expect(requestsFor(a.email, title1, 'CANCEL')).toHaveLength(1);
    expect(requestsFor(a.email, title2, 'REQUEST')).toHaveLength(1);
    // A's CANCEL for R1 was delivered before the REQUEST for session 2, in the order queued.
    const aMethods = sink.to(a.email).map((m) => `${calendarOf(m.parsed).method} ${calendarOf(m.parsed).summary}`);
    expect(aMethods).toEqual([`REQUEST ${title1}`, `CANCEL ${title1}`, `REQUEST ${title2}`]);
  });

  it('C04: moving the session sends an update with the same UID, a higher SEQUENCE and a later DTSTAMP', async () => {
    const [p] = await participantsWithTokens(t, 1);
    await t.get(RegistrationsService).register({ participantId: p.id, runId, preferences: [r1], actor: 'participant' });
    await deliverAll(t);
    t.clock.advance(60_000);
    await t.get(SessionChangesService).update(r1, { firstDay: '2021-04-14' });
    await deliverAll(t);

    const mails = sink.to(p.email);
    expect(mails).toHaveLength(2);
    const [a, b] = mails.map((m) => calendarOf(m.parsed));
    expect(b.uid).toBe(a.uid);
    expect(b.sequence).toBeGreaterThan(a.sequence);
    expect(b.dtstamp.getTime()).toBeGreaterThan(a.dtstamp.getTime());
    expect([a.method, b.method]).toEqual(['REQUEST', 'REQUEST']);
    for (const m of mails) {
      expect(calendarOf(m.parsed).organizer.toLowerCase()).toBe(`mailto:${t.config.mail.fromAddress}`);
      expect(m.parsed.from?.value[0].address).toBe(t.config.mail.fromAddress);
    }
    expect(b.occurrences).toEqual([
      { start: '2021-04-14T01:00:00.000Z', end: '2021-04-14T09:00:00.000Z' },
      { start: '2021-04-15T01:00:00.000Z', end: '2021-04-15T09:00:00.000Z' },
    ]);
  });

  it('C04: a retry after SMTP refused re-sends the same bytes, SEQUENCE and Message-ID', async () => {
    const [p] = await participantsWithTokens(t, 1);
    await t.get(RegistrationsService).register({ participantId: p.id, runId, preferences: [r1], actor: 'participant' });
    sink.refuse = true;
    await t.get(DispatcherService).dispatchDue();
    expect(sink.received).toHaveLength(0);
    const queued = await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ recipientAddress: p.email });
    expect(queued).toMatchObject({ status: 'pending', attempts: 1 });
    expect(queued.lastError).toMatch(/451/);

    sink.refuse = false;
    t.clock.advance(3_600_000);
    await deliverAll(t);
    const [mail] = sink.to(p.email);
    const sent = await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: queued.id });
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, calendarContent: queued.calendarContent });
    expect(mail.parsed.messageId).toBe(queued.messageId);
    expect(calendarOf(mail.parsed).sequence).toBe(0);
  });

  it('a queued REQUEST made stale by a newer one is superseded, not sent', async () => {
    const [p] = await participantsWithTokens(t, 1);
    await t.get(RegistrationsService).register({ participantId: p.id, runId, preferences: [r1], actor: 'participant' });
    await t.get(SessionChangesService).update(r1, { venue: '上海市司法局培训中心 2 号楼' });
    await deliverAll(t);
    const mails = sink.to(p.email);
    expect(mails).toHaveLength(1);
    expect(calendarOf(mails[0].parsed).sequence).toBe(1);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipientAddress: p.email, status: 'superseded' })).toBe(1);
  });

  it('gives up after the last attempt and records the SMTP reason', async () => {
    const [p] = await participantsWithTokens(t, 1);
    await t.get(RegistrationsService).register({ participantId: p.id, runId, preferences: [r1], actor: 'participant' });
    sink.refuse = true;
    for (let i = 0; i < t.config.mail.maxAttempts + 2; i++) {
      await deliverAll(t);
      t.clock.advance(24 * 3_600_000);
    }
    const row = await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ recipientAddress: p.email });
    expect(row).toMatchObject({ status: 'failed', attempts: t.config.mail.maxAttempts });
    expect(row.lastError).toMatch(/451/);
  });

  it('cancelling sends METHOD:CANCEL with the same UID, and the MIME method matches (C05)', async () => {
    const [p] = await participantsWithTokens(t, 1);
    const registrations = t.get(RegistrationsService);
    await registrations.register({ participantId: p.id, runId, preferences: [r1], actor: 'participant' });
    await deliverAll(t);
    await registrations.cancel(p.id, runId, 'participant');
    await deliverAll(t);
    const [request, cancel] = sink.to(p.email);
    expect(calendarOf(cancel.parsed)).toMatchObject({ method: 'CANCEL', uid: calendarOf(request.parsed).uid, status: 'CANCELLED' });
    expect(cancel.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=CANCEL/i);
    expect(cancel.raw).not.toMatch(/method=(REQUEST|PUBLISH)/i);
  });
});
