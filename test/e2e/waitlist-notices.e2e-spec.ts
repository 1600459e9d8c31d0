import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { createTestApp, openRun, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

/** Issue 11, item 3: waitlisted people hear from the product. */
describe('Waitlist notices (issue 11, item 3)', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('a waitlisted person is told their position; a promotion comes with the invitation and says what changed', async () => {
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    await setCapacity(t, sessions[0].id, 1);
    const [a, b, c] = await participantsWithTokens(t, 3);
    const registrations = t.get(RegistrationsService);
    const first = await registrations.register({ participantId: a.id, runId: run.id, preferences: [sessions[0].id], actor: 'participant' });
    await registrations.register({ participantId: b.id, runId: run.id, preferences: [sessions[0].id], actor: 'participant' });
    await registrations.register({ participantId: c.id, runId: run.id, preferences: [sessions[0].id], actor: 'participant' });
    const mails = (email: string) => t.dataSource.getRepository(OutboxMessage).find({ where: { recipientAddress: email }, order: { id: 'ASC' } });

    expect((await mails(a.email)).map((m) => m.kind)).toEqual(['invitation']);
    const [toB] = await mails(b.email);
    expect(toB).toMatchObject({ kind: 'notice', subject: '【候补通知】全市司法所长培训班', calendarMethod: null });
    expect(toB.textBody).toContain('目前排在第 1 位');
    expect(toB.textBody).toContain('候补期次：全市司法所长培训班（第一期）');
    expect((await mails(c.email))[0].textBody).toContain('目前排在第 2 位');

    await registrations.cancel(a.id, run.id, 'participant');
    const promoted = (await mails(b.email)).slice(1);
    expect(promoted).toHaveLength(1);
    expect(promoted[0]).toMatchObject({ kind: 'invitation', calendarMethod: 'REQUEST', subject: '【候补转正】全市司法所长培训班（第一期）' });
    expect(promoted[0].textBody).toContain('有名额空出，您已由候补转为确认参加以下培训');
    expect(first.status).toBe('confirmed');
  });
});
