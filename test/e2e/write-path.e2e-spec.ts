import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { CalendarInvitation } from '../../src/invitations/calendar-invitation.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { createTestApp, openRun, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

/**
 * The fast write path (issue 10, item 2) keeps every guarantee: a command reads the participant
 * (and whether they hold a registration) before it queues for the writer, takes its first
 * choice's seat in the same round trip as it reads the run, and sends independent statements
 * side by side. What was read before the unit never decides alone; a refused command leaves
 * nothing behind, not even the seat it took early.
 */
describe('Fast write path: pre-reads, early seats and side-by-side statements keep the guarantees', () => {
  let t: TestApp;
  let run: TrainingRun;
  let sessions: TrainingSession[];
  let people: { id: number; token: string }[];
  const path = () => `/api/runs/${run.id}/registration`;
  const auth = (i: number) => ({ Authorization: `Bearer ${people[i].token}` });
  const counts = async () => (await t.dataSource.getRepository(TrainingSession).find({ where: { runId: run.id }, order: { ordinal: 'ASC' } })).map((s) => s.confirmedCount);

  beforeAll(async () => {
    t = await createTestApp();
    ({ run, sessions } = await openRun(t));
    people = await participantsWithTokens(t, 60);
  });
  afterAll(() => t.close());

  /** Runs `between` (a committed write) right after the command's pre-read, before its unit of work. */
  function afterPreRead(between: (m: EntityManager) => Promise<unknown>) {
    const runner = t.get(TransactionRunner);
    const service = t.get(RegistrationsService) as unknown as { preRead: (...args: unknown[]) => Promise<unknown> };
    const original = service.preRead.bind(service);
    return jest.spyOn(service, 'preRead').mockImplementationOnce(async (...args: unknown[]) => {
      const value = await original(...args);
      await runner.run(between);
      return value;
    });
  }

  it('a run closed between the pre-read and the unit of work refuses the registration, and keeps no seat', async () => {
    const before = await counts();
    const spy = afterPreRead((m) => m.update(TrainingRun, run.id, { status: 'closed' }));
    try {
      expect((await t.http.post(path()).set(auth(0)).send({ preferredSessionIds: [sessions[0].id] })).body.code).toBe('REGISTRATION_CLOSED');
    } finally {
      spy.mockRestore();
      await t.dataSource.getRepository(TrainingRun).update(run.id, { status: 'open' });
    }
    expect(await counts()).toEqual(before);
    expect(await t.dataSource.getRepository(Registration).countBy({ participantId: people[0].id })).toBe(0);
  });

  it('a session cancelled between the pre-read and the unit is refused as a choice', async () => {
    const spy = afterPreRead((m) => m.update(TrainingSession, sessions[1].id, { status: 'cancelled' }));
    try {
      expect((await t.http.post(path()).set(auth(1)).send({ preferredSessionIds: [sessions[2].id, sessions[1].id] })).body.code).toBe('SESSION_CANCELLED');
    } finally {
      spy.mockRestore();
      await t.dataSource.getRepository(TrainingSession).update(sessions[1].id, { status: 'scheduled' });
    }
    expect(await t.dataSource.getRepository(Registration).countBy({ participantId: people[1].id })).toBe(0);
  });

  it('a refused command gives back the seat it took with its first read: other run, own session ranked first', async () => {
    const before = await counts();
    const foreignId = 999_999;
    expect((await t.http.post(path()).set(auth(2)).send({ preferredSessionIds: [sessions[0].id, foreignId] }).expect(422)).body.code).toBe('SESSION_NOT_IN_RUN');
    expect(await counts()).toEqual(before);
    await t.http.post(path()).set(auth(2)).send({ preferredSessionIds: [sessions[0].id] }).expect(201);
    // Ranking their own session first again: the early seat is one too many and is given back.
    await t.http.put(path()).set(auth(2)).send({ preferredSessionIds: [sessions[0].id, sessions[1].id] }).expect(200);
    expect(await counts()).toEqual([before[0] + 1, before[1], before[2]]);
    await t.http.delete(path()).set(auth(2)).expect(204);
    expect(await counts()).toEqual(before);
  });

  it('a registration made between the pre-read and the unit is refused by the unique index, with nothing left of the second', async () => {
    const other = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: sessions[1].id });
    const spy = afterPreRead(async (m) => {
      await m.insert(Registration, { runId: run.id, participantId: people[3].id, sessionId: null, status: 'waitlisted', preferences: [sessions[1].id], unavailable: [], queuedAt: new Date(), updatedBy: 'participant' });
    });
    try {
      expect((await t.http.post(path()).set(auth(3)).send({ preferredSessionIds: [sessions[0].id] }).expect(409)).body.code).toBe('ALREADY_REGISTERED');
    } finally {
      spy.mockRestore();
    }
    expect(await t.dataSource.getRepository(Registration).countBy({ participantId: people[3].id })).toBe(1);
    expect(await t.dataSource.getRepository(CalendarInvitation).countBy({ participantId: people[3].id })).toBe(0);
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: sessions[1].id })).confirmedCount).toBe(other.confirmedCount);
  });

  it('a registration cancelled between the pre-read and the unit does not block registering again', async () => {
    await t.http.post(path()).set(auth(4)).send({ preferredSessionIds: [sessions[0].id] }).expect(201);
    const spy = afterPreRead((m) => m.update(Registration, { participantId: people[4].id, runId: run.id }, { status: 'cancelled', sessionId: null }).then(() => m.decrement(TrainingSession, { id: sessions[0].id }, 'confirmedCount', 1)));
    try {
      expect((await t.http.post(path()).set(auth(4)).send({ preferredSessionIds: [sessions[1].id] }).expect(201)).body).toMatchObject({ status: 'confirmed', sessionId: sessions[1].id });
    } finally {
      spy.mockRestore();
    }
  });

  it('a change back to a session supersedes the older pending mails of its invitation, never the new one', async () => {
    const [a, b] = [sessions[0].id, sessions[1].id];
    await t.http.post(path()).set(auth(5)).send({ preferredSessionIds: [a] }).expect(201);
    await t.http.put(path()).set(auth(5)).send({ preferredSessionIds: [b] }).expect(200);
    await t.http.put(path()).set(auth(5)).send({ preferredSessionIds: [a] }).expect(200);
    const invitation = await t.dataSource.getRepository(CalendarInvitation).findOneByOrFail({ participantId: people[5].id, sessionId: a });
    const mails = await t.dataSource.getRepository(OutboxMessage).find({ where: { calendarUid: invitation.uid }, order: { id: 'ASC' } });
    expect(mails.map((m) => [m.calendarMethod, m.status])).toEqual([
      ['REQUEST', 'superseded'],
      ['CANCEL', 'superseded'],
      ['REQUEST', 'pending'],
    ]);
  });

  it('parallel registrations for the last seats: exactly capacity confirmed, counters equal rows, one invitation and one REQUEST each', async () => {
    const target = sessions[2];
    const taken = (await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: target.id })).confirmedCount;
    await setCapacity(t, target.id, taken + 5);
    const answers = await Promise.all(people.slice(20, 50).map((_, i) => t.http.post(path()).set(auth(20 + i)).send({ preferredSessionIds: [target.id] })));
    expect(answers.map((r) => r.status).every((s) => s === 201)).toBe(true);
    const rows = await t.dataSource.getRepository(Registration).findBy({ runId: run.id, sessionId: target.id, status: 'confirmed' });
    expect(rows).toHaveLength(taken + 5);
    expect(answers.filter((r) => r.body.status === 'confirmed')).toHaveLength(5);
    expect(answers.filter((r) => r.body.status === 'waitlisted').map((r) => r.body.waitlistPosition).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: target.id })).confirmedCount).toBe(taken + 5);
    const invited = await t.dataSource.getRepository(CalendarInvitation).findBy({ sessionId: target.id, state: 'active' });
    expect(invited.map((i) => i.participantId).sort()).toEqual(rows.map((r) => r.participantId).sort());
    const requests = await t.dataSource.getRepository(OutboxMessage).findBy({ calendarMethod: 'REQUEST', status: 'pending' });
    for (const i of invited) expect(requests.filter((m) => m.calendarUid === i.uid)).toHaveLength(1);
    // A cancellation promotes the first in the queue, one invitation for them.
    const confirmedAnswer = answers.find((r) => r.body.status === 'confirmed')!;
    const firstWaiting = answers.find((r) => r.body.waitlistPosition === 1)!;
    await t.http.delete(path()).set(auth(20 + answers.indexOf(confirmedAnswer))).expect(204);
    expect(await t.dataSource.getRepository(Registration).findOneByOrFail({ id: firstWaiting.body.id })).toMatchObject({ status: 'confirmed', sessionId: target.id });
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: target.id })).confirmedCount).toBe(taken + 5);
  });
});
