import { DispatcherService } from '../../src/invitations/dispatcher.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { ReminderDelivery } from '../../src/messaging/reminder-rule.entity';
import { ReminderRulesService } from '../../src/messaging/reminder-rules.service';
import { RemindersService } from '../../src/messaging/reminders.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
import { createTestApp, openRun, participantsWithTokens, TestApp } from '../utils/test-app';
import { confirmedIn, shanghai } from '../utils/training-days';

/**
 * Issue 11, item 1: a reminder made stale by a change (registration cancelled, session moved)
 * is never sent, even when the dispatcher picked it as due before the change committed and
 * claims it just after — the stale-check runs in the claim's transaction, not only on the
 * reminder tick.
 */
describe('Stale reminders racing the dispatcher (issue 11, item 1)', () => {
  let t: TestApp;
  afterAll(() => t.close());

  /** The reminder mail of each person, by address: its outbox status. */
  const reminderStatus = async (emails: string[]) => {
    const deliveries = await t.dataSource.getRepository(ReminderDelivery).find();
    const mails = await t.dataSource.getRepository(OutboxMessage).find({ where: deliveries.map((d) => ({ id: d.outboxMessageId })) });
    return Object.fromEntries(emails.map((e) => [e, mails.filter((m) => m.recipientAddress === e).map((m) => m.status)]));
  };

  it('a registration cancelled while the dispatcher works: that reminder is withdrawn, the others go out', async () => {
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    const people = await confirmedIn(t, run.id, sessions[0], 3);
    await t.get(ReminderRulesService).add(run.id, { kind: 'session', daysBefore: '3', sendAt: '09:00', note: '' });
    await t.get(DispatcherService).drain(); // the invitations
    t.clock.set(shanghai('2021-04-09', '09:00'));
    expect(await t.get(RemindersService).runDue()).toBe(3);

    // Started together: the dispatcher reads the due list at once, its claims queue behind the change.
    await Promise.all([t.get(RegistrationsService).cancelByOrganiser(people[2].registrationId), t.get(DispatcherService).dispatchDue()]);
    await t.get(DispatcherService).drain();

    expect(await reminderStatus(people.map((p) => p.email))).toEqual({ [people[0].email]: ['sent'], [people[1].email]: ['sent'], [people[2].email]: ['superseded'] });
  });

  it('a session moved while the dispatcher works: its reminders are withdrawn; the new date gets its own', async () => {
    const { run, sessions } = await openRun(t);
    t.clock.set(shanghai('2021-04-10', '12:00'));
    const before = await t.dataSource.getRepository(ReminderDelivery).count();
    const people = (await participantsWithTokens(t, 5)).slice(3); // the first 3 registered for session 1
    for (const p of people) await t.get(RegistrationsService).register({ participantId: p.id, runId: run.id, preferences: [sessions[1].id], actor: 'organiser' });
    await t.get(DispatcherService).drain();
    t.clock.set(shanghai('2021-04-16', '09:00'));
    expect(await t.get(RemindersService).runDue()).toBe(2);

    await Promise.all([t.get(SessionChangesService).update(sessions[1].id, { dailyStart: '09:30' }), t.get(DispatcherService).dispatchDue()]);
    await t.get(DispatcherService).drain();
    expect(await reminderStatus(people.map((p) => p.email))).toEqual({ [people[0].email]: ['superseded'], [people[1].email]: ['superseded'] });

    // The new time is a new occurrence: reminded again, and that mail goes out.
    expect(await t.get(RemindersService).runDue()).toBe(2);
    await t.get(DispatcherService).drain();
    expect(await reminderStatus(people.map((p) => p.email))).toEqual({ [people[0].email]: ['superseded', 'sent'], [people[1].email]: ['superseded', 'sent'] });
    expect(await t.dataSource.getRepository(ReminderDelivery).count()).toBe(before + 4);
  });
});
