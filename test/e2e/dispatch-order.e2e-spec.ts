import { TransactionRunner } from '../../src/database/transaction-runner';
import { DispatcherService } from '../../src/invitations/dispatcher.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { OutboxService } from '../../src/invitations/outbox.service';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * One dispatch pass sends at most one message per recipient (the oldest still waiting), so that
 * messages sent side by side never overtake each other. The due-query once lost its brackets
 * (`A OR B AND NOT EXISTS …`): pending messages of one recipient went out in the same pass, and
 * on PostgreSQL a CANCEL could arrive after the REQUEST queued behind it.
 */
describe('Dispatch order per recipient', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a pass takes only the oldest waiting message of each recipient', async () => {
    const outbox = t.get(OutboxService);
    await t.get(TransactionRunner).run(async (m) => {
      for (const [to, n] of [['one@example.org', 1], ['one@example.org', 2], ['two@example.org', 1], ['one@example.org', 3]] as const) {
        await outbox.enqueue(m, { kind: 'personal-link', recipientAddress: to, recipientName: to, subject: `${to} ${n}`, textBody: '', htmlBody: '' });
      }
    });
    const dispatcher = t.get(DispatcherService);
    const sentSubjects = async () => (await t.dataSource.getRepository(OutboxMessage).find({ where: { status: 'sent' }, order: { id: 'ASC' } })).map((m) => m.subject);
    expect((await dispatcher.dispatchDue()).sent).toBe(2);
    expect(await sentSubjects()).toEqual(['one@example.org 1', 'two@example.org 1']);
    expect((await dispatcher.dispatchDue()).sent).toBe(1);
    expect((await dispatcher.dispatchDue()).sent).toBe(1);
    expect(await sentSubjects()).toEqual(['one@example.org 1', 'one@example.org 2', 'two@example.org 1', 'one@example.org 3']);
  });
});
