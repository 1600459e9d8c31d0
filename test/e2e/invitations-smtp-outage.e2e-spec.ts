import { DispatcherService } from '../../src/invitations/dispatcher.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { ControllableSink } from '../utils/invitations';
import { createTestApp, deliverAll, openRun, participantsWithTokens, TestApp } from '../utils/test-app';

describe('SMTP server down during dispatch, then back (issue #3)', () => {
  let sink: ControllableSink;
  let t: TestApp;

  beforeEach(async () => {
    sink = await new ControllableSink().up();
    t = await createTestApp({ SMTP_URL: sink.url, DISPATCH_CONCURRENCY: '1' });
  });
  afterEach(async () => {
    await t.close();
    await sink.down();
  });

  async function queueInvitations(n: number) {
    const { run, sessions } = await openRun(t);
    const people = await participantsWithTokens(t, n);
    for (const p of people) {
      await t.get(RegistrationsService).register({ participantId: p.id, runId: run.id, preferences: [sessions[0].id], actor: 'participant' });
    }
    return t.dataSource.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
  }

  it('the server dies after the first message of a pass; the rest wait and go once it is back, each exactly once', async () => {
    const queued = await queueInvitations(4);
    const dispatcher = t.get(DispatcherService);
    sink.holdAfter = 1; // the second message arrives, and the server goes down before answering it
    const pass = dispatcher.dispatchDue();
    await sink.waitFor(2);
    await sink.down();
    const report = await pass;
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    expect(report.retried).toBeGreaterThanOrEqual(1);
    const afterOutage = await t.dataSource.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
    expect(afterOutage.map((m) => m.status)).toEqual(['sent', 'pending', 'pending', 'pending']);
    expect(afterOutage[1].lastError).toBeTruthy();

    // Still down: the next pass fails again, nothing is lost, nothing is marked failed.
    t.clock.advance(60_000);
    await dispatcher.dispatchDue();
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ status: 'pending' })).toBe(3);

    await sink.up(); // same port
    sink.release();
    t.clock.advance(60_000);
    await deliverAll(t);

    const sent = await t.dataSource.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
    expect(sent.map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    const acknowledged = sink.received.filter((m) => m.acknowledged).map((m) => m.messageId);
    expect(acknowledged.sort()).toEqual(queued.map((q) => q.messageId).sort());
    // The message cut off mid-answer reached the server twice, with the same Message-ID.
    expect(sink.received.filter((m) => m.messageId === queued[1].messageId)).toHaveLength(2);
    expect(sent[1].attempts).toBeGreaterThanOrEqual(2);
  });

  it('a server that refuses connections: messages stay pending with the reason, and go when it is back', async () => {
    await sink.down();
    const queued = await queueInvitations(2);
    await t.get(DispatcherService).dispatchDue();
    const waiting = await t.dataSource.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
    expect(waiting.map((m) => [m.status, m.attempts])).toEqual([['pending', 1], ['pending', 1]]);
    expect(waiting[0].lastError).toMatch(/ECONNREFUSED|connect/i);

    await sink.up();
    t.clock.advance(60_000);
    await deliverAll(t);
    expect(sink.received.map((m) => m.messageId).sort()).toEqual(queued.map((q) => q.messageId).sort());
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ status: 'sent' })).toBe(2);
  });
});
