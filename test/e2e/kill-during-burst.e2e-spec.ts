import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, In, Not } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { CalendarInvitation } from '../../src/invitations/calendar-invitation.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { ServerProcess, startServer } from '../utils/server-process';
import { createTestDatabase, ON_POSTGRES, TestDatabase } from '../utils/test-database';
import { createTestApp, MARCH_2021, openRun, ORGANISER_PASSWORD, participantsWithTokens, setCapacity } from '../utils/test-app';

const CAPACITY = 40; // three sessions: 120 seats for 200 people, so the burst fills them and queues the rest

/**
 * Issue 10, item 10: the real server (`src/main.ts`) killed with SIGKILL in the middle of a burst
 * of 200 concurrent registrations, then restarted on the same database. Every registration
 * answered 201 before the kill is stored; nothing is half-written; the restarted server serves.
 * On SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
describe('kill -9 of the server during a burst of registrations', () => {
  let dir: string;
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kill-burst-'))));
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Asserts the stored state is whole: counters equal rows, seats within capacity, one invitation per seat. */
  async function expectConsistent(runId: number): Promise<Registration[]> {
    const db = await new DataSource(buildDataSourceOptions(loadConfig(database!.env))).initialize();
    try {
      if (!ON_POSTGRES) expect(await db.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const rows = await db.getRepository(Registration).findBy({ runId });
      const confirmed = rows.filter((r) => r.status === 'confirmed');
      for (const session of await db.getRepository(TrainingSession).findBy({ runId })) {
        const seated = confirmed.filter((r) => r.sessionId === session.id).length;
        expect({ session: session.id, counter: session.confirmedCount }).toEqual({ session: session.id, counter: seated });
        expect(seated).toBeLessThanOrEqual(session.capacity);
      }
      expect(rows.filter((r) => r.status !== 'confirmed').every((r) => r.status === 'waitlisted' && r.sessionId === null)).toBe(true);
      // One live calendar invitation and one queued REQUEST per seat, for exactly those seats.
      const invitations = await db.getRepository(CalendarInvitation).findBy({ state: 'active' });
      const seats = (list: { participantId: number; sessionId: number | null }[]) => list.map((r) => `${r.participantId}/${r.sessionId}`).sort();
      expect(seats(invitations)).toEqual(seats(confirmed));
      const requests = await db.getRepository(OutboxMessage).findBy({ calendarMethod: 'REQUEST' });
      expect(requests).toHaveLength(confirmed.length);
      expect(new Set(requests.map((m) => m.calendarUid)).size).toBe(confirmed.length);
      return rows;
    } finally {
      await db.destroy();
    }
  }

  it('keeps every answered registration and nothing half-written; the restarted server takes more', async () => {
    database = await createTestDatabase(dir);
    const env = { ...database.env, MAIL_OUTBOX_DIR: join(dir, 'outbox'), ORGANISER_PASSWORD, CLOCK_START: MARCH_2021, DISPATCH_INTERVAL_MS: '100', DISPATCH_CLAIM_LEASE_MS: '2000', LOG_LEVEL: 'warn', SEED_ON_START: 'false' };

    // Set-up in-process on the same database: the seeded run opened, small sessions, a personal link for everyone.
    const setup = await createTestApp({ ...database.env, MAIL_OUTBOX_DIR: join(dir, 'outbox') });
    const { run, sessions } = await openRun(setup);
    for (const s of sessions) await setCapacity(setup, s.id, CAPACITY);
    const people = await participantsWithTokens(setup, 260);
    expect(people.length).toBeGreaterThan(240); // the seeded roster
    await setup.close();

    server = await startServer(env);
    const register = (http: ServerProcess['http'], token: string, i: number) =>
      http
        .post(`/api/runs/${run.id}/registration`)
        .set('Authorization', `Bearer ${token}`)
        .send({ preferredSessionIds: [sessions[i % 3].id], participant: { name: `断电测试${i}`, email: `kill-${i}@example.org`, mobile: '13900000000' } });

    // 200 at once; SIGKILL once 30 have been answered 201 (the kill lands in the middle of the burst).
    const answered: number[] = [];
    const unexpected: string[] = [];
    let killed = false;
    const first = server;
    const kill = new Promise<void>((done) => {
      const outcomes = people.slice(0, 200).map((p, i) =>
        register(first.http, p.token, i).then(
          (res) => {
            if (res.status === 201) answered.push(res.body.id as number); // every 201, even one read just after the kill
            else if (!killed) unexpected.push(`${res.status} ${JSON.stringify(res.body)}`);
            if (answered.length === 30 && !killed) {
              killed = true;
              first.child.kill('SIGKILL');
              done();
            }
          },
          () => undefined, // cut off by the kill
        ),
      );
      void Promise.all(outcomes).then(() => done());
    });
    await kill;
    await first.stop();
    expect(killed).toBe(true);
    expect(unexpected).toEqual([]); // before the kill, every answer was a 201
    expect(first.child.signalCode).toBe('SIGKILL');

    // After the kill: every answered registration is stored, and the rest is whole.
    const stored = await expectConsistent(run.id);
    const storedIds = new Set(stored.map((r) => r.id));
    expect(answered.filter((id) => !storedIds.has(id))).toEqual([]);
    // The kill really came mid-burst: not all 200 got in.
    expect(stored.length).toBeLessThan(200);

    // Restarted on the same database: it serves, and takes the registrations of everyone not in the burst.
    server = await startServer(env);
    expect((await server.http.get('/health')).body).toMatchObject({ info: { database: { status: 'up' } } });
    const more = await Promise.all(people.slice(200).map((p, i) => register(server!.http, p.token, 200 + i)));
    expect(more.map((r) => r.status)).toEqual(more.map(() => 201));
    // The people cut off by the kill try again: stored ones are told so, the others get in.
    const retried = await Promise.all(people.slice(0, 200).map((p, i) => register(server!.http, p.token, i)));
    expect(retried.filter((r) => r.status !== 201 && r.status !== 409).map((r) => [r.status, r.body.code])).toEqual([]);
    // The mail queued before and after the kill all goes out (the file outbox): nothing lost. A message
    // claimed when the server was killed is taken over once its lease (2 s here) has run out.
    for (let health = await server.http.get('/health'); ; health = await server.http.get('/health')) {
      const { pending, sending, failed } = health.body.info.outbox;
      expect(failed).toBe(0);
      if (pending + sending === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await server.stop('SIGTERM');
    server = undefined;

    const final = await expectConsistent(run.id);
    expect(final).toHaveLength(people.length);
    expect(final.filter((r) => r.status === 'confirmed')).toHaveLength(3 * CAPACITY);
    const db = await new DataSource(buildDataSourceOptions(loadConfig(database.env))).initialize();
    const unsent = await db.getRepository(OutboxMessage).countBy({ status: Not(In(['sent', 'superseded'])) });
    const sent = await db.getRepository(OutboxMessage).countBy({ status: 'sent' });
    await db.destroy();
    expect(unsent).toBe(0);
    // One file per sent message (a file written just before the kill is written again under its own name).
    expect(readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(sent);
  }, 180_000);
});
