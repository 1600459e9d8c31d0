import { CalendarInvitation } from '../../src/invitations/calendar-invitation.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { createTestApp, openRun, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

/** Captures everything written to stdout/stderr while `work` runs. */
async function capturingLogs<T>(work: () => Promise<T>): Promise<{ result: T; logs: string }> {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    }) as never),
  );
  try {
    return { result: await work(), logs: chunks.join('') };
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
}

describe('Capacity under concurrent registrations (cases C06, C08)', () => {
  let t: TestApp;
  let runId: number;
  let sessionIds: number[];

  beforeEach(async () => {
    t = await createTestApp();
    const opened = await openRun(t);
    runId = opened.run.id;
    sessionIds = opened.sessions.map((s) => s.id);
  });
  afterEach(() => t.close());

  const register = (token: string, sessionId: number) =>
    t.http.post(`/api/runs/${runId}/registration`).set('Authorization', `Bearer ${token}`).send({ preferredSessionIds: [sessionId] });

  async function confirmedIn(sessionId: number) {
    const rows = await t.dataSource.getRepository(Registration).findBy({ sessionId, status: 'confirmed' });
    const session = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: sessionId });
    return { rows, counter: session.confirmedCount };
  }

  it('C06: 2 then 3 at once for 2 seats: exactly 2 confirmed, the rest waitlisted, no 5xx', async () => {
    const r1 = sessionIds[0];
    await setCapacity(t, r1, 2);
    const people = await participantsWithTokens(t, 5);
    const first = await Promise.all(people.slice(0, 2).map((p) => register(p.token, r1)));
    const second = await Promise.all(people.slice(2).map((p) => register(p.token, r1)));
    const all = [...first, ...second];
    expect(all.every((r) => r.status === 201)).toBe(true);
    expect(all.filter((r) => r.body.status === 'confirmed')).toHaveLength(2);
    expect(all.filter((r) => r.body.status === 'waitlisted')).toHaveLength(3);
    const { rows, counter } = await confirmedIn(r1);
    expect(rows).toHaveLength(2);
    expect(counter).toBe(2);
  });

  it('C08: 10 at once for 3 seats on SQLite: exactly 3 succeed, logs clean, one invitation each', async () => {
    const r1 = sessionIds[0];
    await setCapacity(t, r1, 3);
    const people = await participantsWithTokens(t, 10);
    const { result, logs } = await capturingLogs(() => Promise.all(people.map((p) => register(p.token, r1))));
    expect(result.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    const confirmed = result.filter((r) => r.body.status === 'confirmed');
    expect(confirmed).toHaveLength(3);
    expect(result.filter((r) => r.body.status === 'waitlisted')).toHaveLength(7);
    expect(logs).not.toMatch(/transaction within a transaction|TransactionNotStarted|SQLITE_BUSY/);

    const { rows, counter } = await confirmedIn(r1);
    expect(rows.map((r) => r.id).sort()).toEqual(confirmed.map((r) => r.body.id).sort());
    expect(counter).toBe(3);
    for (const row of rows) {
      const participant = people.find((p) => p.id === row.participantId)!;
      expect(await t.dataSource.getRepository(CalendarInvitation).countBy({ participantId: row.participantId, sessionId: r1 })).toBe(1);
      expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipientAddress: participant.email, calendarMethod: 'REQUEST' })).toBe(1);
    }
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ calendarMethod: 'REQUEST' })).toBe(3);
  });

  it('20 at once for the last 5 seats: exactly 5 confirmed, 15 waitlisted, no 5xx', async () => {
    const r1 = sessionIds[0];
    const early = await participantsWithTokens(t, 25);
    await setCapacity(t, r1, 10);
    for (const p of early.slice(0, 5)) expect((await register(p.token, r1)).body.status).toBe('confirmed');
    const late = await Promise.all(early.slice(5).map((p) => register(p.token, r1)));
    expect(late.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    expect(late.filter((r) => r.body.status === 'confirmed')).toHaveLength(5);
    expect(late.filter((r) => r.body.status === 'waitlisted')).toHaveLength(15);
    const { rows, counter } = await confirmedIn(r1);
    expect(rows).toHaveLength(10);
    expect(counter).toBe(10);
  });

  it('a participant firing the same registration twice at once gets one registration and one 409', async () => {
    const [p] = await participantsWithTokens(t, 1);
    const results = await Promise.all([register(p.token, sessionIds[1]), register(p.token, sessionIds[1])]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('ALREADY_REGISTERED');
    expect(await t.dataSource.getRepository(Registration).countBy({ participantId: p.id })).toBe(1);
  });

  it('the database refuses overbooking even if code forgot the guard (CHECK constraint)', async () => {
    const r1 = sessionIds[0];
    await setCapacity(t, r1, 1);
    await t.dataSource.query(`UPDATE training_session SET "confirmedCount" = 1 WHERE id = ${Number(r1)}`);
    await expect(t.dataSource.query(`UPDATE training_session SET "confirmedCount" = 2 WHERE id = ${Number(r1)}`)).rejects.toThrow(/CHECK constraint/i);
  });
});
