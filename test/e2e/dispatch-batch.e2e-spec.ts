import { TransactionRunner } from '../../src/database/transaction-runner';
import { DispatcherService } from '../../src/invitations/dispatcher.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { OutboxService } from '../../src/invitations/outbox.service';
import { ControllableSink } from '../utils/invitations';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Issue 10, item 11: the dispatcher claims due messages in batches and records them sent in
 * batches. One message of a batch refused by the server must not take the others down with it,
 * must keep its own retry state, must go again later with the same Message-ID, and must still
 * come before the later messages to the same recipient.
 */
describe('Dispatch in batches', () => {
  let t: TestApp;
  let sink: ControllableSink;

  beforeAll(async () => {
    sink = await new ControllableSink().up();
    t = await createTestApp({ SMTP_URL: sink.url, DISPATCH_CONCURRENCY: '2', DISPATCH_RETRY_BASE_MS: '60000', DISPATCH_RETRY_MAX_MS: '120000' });
  });
  afterAll(async () => {
    await t.close();
    await sink.down();
  });

  const queue = (mails: [to: string, n: number][]) =>
    t.get(TransactionRunner).run(async (m) => {
      for (const [to, n] of mails) {
        await t.get(OutboxService).enqueue(m, { kind: 'notice', recipientAddress: to, recipientName: to, subject: `${to} ${n}`, textBody: `${n}`, htmlBody: `<p>${n}</p>` });
      }
    });
  const rows = () => t.dataSource.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });

  it('one refused message: the rest of its batch is sent, it retries later with the same Message-ID, and stays ahead of its recipient\'s later mail', async () => {
    await queue([['a@example.org', 1], ['b@example.org', 1], ['c@example.org', 1], ['a@example.org', 2], ['c@example.org', 2]]);
    const [a1, b1, c1, a2, c2] = await rows();
    sink.refuse = (mail) => (mail.messageId === a1.messageId && sink.received.filter((r) => r.messageId === a1.messageId).length === 1 ? '4.3.0 try again later' : undefined);
    const dispatcher = t.get(DispatcherService);

    expect(await dispatcher.dispatchDue()).toEqual({ sent: 2, retried: 1, failed: 0 });
    let now = await rows();
    expect(now.map((m) => m.status)).toEqual(['pending', 'sent', 'sent', 'pending', 'pending']);
    expect(now[0]).toMatchObject({ attempts: 1, claimedUntil: null });
    expect(now[0].lastError).toMatch(/try again later/);
    expect(now[0].nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t.clock.now().getTime() + 30_000); // its own backoff: 60 s × (0.5–1)
    expect(now.slice(1, 3).every((m) => m.attempts === 1 && m.lastError === null && m.sentAt !== null)).toBe(true);

    // Before a1's retry is due, c2 goes; a2 must wait behind a1.
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await rows()).map((m) => m.status)).toEqual(['pending', 'sent', 'sent', 'pending', 'sent']);
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, retried: 0, failed: 0 });

    t.clock.advance(61_000);
    await dispatcher.drain();
    now = await rows();
    expect(now.map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(now[0].attempts).toBe(2);
    // a1 reached the server twice with one Message-ID, and a2 only after a1 was accepted.
    expect(sink.received.filter((m) => m.messageId === a1.messageId).map((m) => m.acknowledged)).toEqual([false, true]);
    expect(sink.to('a@example.org').map((m) => m.messageId)).toEqual([a1.messageId, a2.messageId]);
    expect(sink.to('c@example.org').map((m) => m.messageId)).toEqual([c1.messageId, c2.messageId]);
    expect(sink.received.filter((m) => m.acknowledged).map((m) => m.messageId).sort()).toEqual([a1, b1, c1, a2, c2].map((m) => m.messageId).sort());
  });

  it('claims and records 40 messages in far fewer commits than two per message', async () => {
    sink.refuse = undefined;
    await queue(Array.from({ length: 40 }, (_, i) => [`batch-${i}@example.org`, 1] as [string, number]));
    const run = jest.spyOn(t.get(TransactionRunner), 'run');
    try {
      expect(await t.get(DispatcherService).dispatchDue()).toEqual({ sent: 40, retried: 0, failed: 0 });
      // One claim and at least one batch of marks; the per-message design made 80.
      expect(run.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(run.mock.calls.length).toBeLessThan(40);
    } finally {
      run.mockRestore();
    }
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ status: 'sent' })).toBe(45);
  });
});

describe('A batch outliving its claim lease', () => {
  let t: TestApp;
  let sink: ControllableSink;

  beforeAll(async () => {
    sink = await new ControllableSink().up();
    t = await createTestApp({ SMTP_URL: sink.url, DISPATCH_CONCURRENCY: '1', DISPATCH_CLAIM_LEASE_MS: '60000' });
  });
  afterAll(async () => {
    await t.close();
    await sink.down();
  });

  it('a claimed message whose lease ran out before its turn is not sent in that pass; the next claim takes it (attempt 2, same Message-ID)', async () => {
    await t.get(TransactionRunner).run(async (m) => {
      for (const to of ['x@example.org', 'y@example.org', 'z@example.org']) {
        await t.get(OutboxService).enqueue(m, { kind: 'notice', recipientAddress: to, recipientName: to, subject: to, textBody: to, htmlBody: to });
      }
    });
    sink.holdAfter = 0; // a slow server: the first message waits for its answer
    const dispatcher = t.get(DispatcherService);
    const pass = dispatcher.dispatchDue(); // claims all three; two handed to the pool of one
    await sink.waitFor(1);
    t.clock.advance(61_000); // the lease of the whole batch runs out meanwhile
    sink.release();
    expect(await pass).toEqual({ sent: 2, retried: 0, failed: 0 });
    const [, , z] = await t.dataSource.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
    expect(z).toMatchObject({ status: 'sending', attempts: 1 });
    expect(sink.received.map((m) => m.messageId)).not.toContain(z.messageId);
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: z.id })).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sink.received.filter((m) => m.messageId === z.messageId)).toHaveLength(1);
  });
});
