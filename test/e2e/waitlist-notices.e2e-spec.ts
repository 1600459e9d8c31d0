import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { PlacementsService } from '../../src/registrations/placements.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
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

  /** What each address received, in order: kind and subject. */
  const inbox = async (email: string) => (await t.dataSource.getRepository(OutboxMessage).find({ where: { recipientAddress: email }, order: { id: 'ASC' } })).map((m) => ({ kind: m.kind, subject: m.subject, text: m.textBody }));

  it('a session cancellation: the person put back on the waitlist gets a notice with their position; a waiting person left with no choice is told; nobody else', async () => {
    await t.close();
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    const [s0, s1] = sessions;
    await setCapacity(t, s0.id, 1);
    await setCapacity(t, s1.id, 1);
    const [a, b, d] = await participantsWithTokens(t, 3);
    const registrations = t.get(RegistrationsService);
    await registrations.register({ participantId: a.id, runId: run.id, preferences: [s0.id, s1.id], actor: 'participant' });
    await registrations.register({ participantId: b.id, runId: run.id, preferences: [s1.id], actor: 'participant' });
    await registrations.register({ participantId: d.id, runId: run.id, preferences: [s0.id], actor: 'participant' });

    await t.get(SessionChangesService).cancelSession(s0.id);

    const toA = (await inbox(a.email)).slice(1);
    expect(toA.map((m) => m.subject)).toEqual([`【培训取消】${s0.title}`, '【候补通知】全市司法所长培训班']);
    expect(toA[1].text).toContain('您原已确认参加的期次已取消');
    expect(toA[1].text).toContain('目前排在第 1 位');
    expect(toA[1].text).toContain(`候补期次：${s1.title}`);
    const toD = (await inbox(d.email)).slice(1);
    expect(toD.map((m) => m.subject)).toEqual(['【候补取消】全市司法所长培训班']);
    expect(toD[0].text).toContain('本次报名已取消');
    expect(await inbox(b.email)).toHaveLength(1);
  });

  it('a session cancellation that promotes at once sends the promotion mail only, not a waitlist notice too', async () => {
    await t.close();
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    const [s0, s1] = sessions;
    await setCapacity(t, s0.id, 1);
    const [a] = await participantsWithTokens(t, 1);
    await t.get(RegistrationsService).register({ participantId: a.id, runId: run.id, preferences: [s0.id, s1.id], actor: 'participant' });

    await t.get(SessionChangesService).cancelSession(s0.id);

    expect((await inbox(a.email)).slice(1).map((m) => m.subject)).toEqual([`【培训取消】${s0.title}`, `【候补转正】${s1.title}`]);
  });

  it('a balancing plan: the person moved to the waitlist gets a notice with their position; the person moved off it gets the promotion mail', async () => {
    await t.close();
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    const [s0] = sessions;
    await setCapacity(t, s0.id, 1);
    const [a, b] = await participantsWithTokens(t, 2);
    const registrations = t.get(RegistrationsService);
    const ra = await registrations.register({ participantId: a.id, runId: run.id, preferences: [s0.id], actor: 'participant' });
    const rb = await registrations.register({ participantId: b.id, runId: run.id, preferences: [s0.id], actor: 'participant' });

    await t.get(PlacementsService).move(
      run.id,
      [{ registrationId: ra.id, participantId: a.id, status: 'confirmed', sessionId: s0.id }, { registrationId: rb.id, participantId: b.id, status: 'waitlisted', sessionId: null }],
      [{ registrationId: ra.id, participantId: a.id, status: 'waitlisted', sessionId: null }, { registrationId: rb.id, participantId: b.id, status: 'confirmed', sessionId: s0.id }],
    );

    const toA = (await inbox(a.email)).slice(1);
    expect(toA.map((m) => m.subject)).toEqual([`【期次调整】${s0.title}`, '【候补通知】全市司法所长培训班']);
    expect(toA[0].text).toContain('已转入候补名单');
    expect(toA[1].text).toContain('组织方调整了各期次的人员安排');
    expect(toA[1].text).toContain('目前排在第 1 位');
    const toB = (await inbox(b.email)).slice(1);
    expect(toB.map((m) => m.subject)).toEqual([`【候补转正】${s0.title}`]);
    expect(toB[0].text).toContain('有名额空出，您已由候补转为确认参加以下培训');
  });
});
