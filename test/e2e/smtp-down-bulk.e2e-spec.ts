import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, Not } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { ControllableSink } from '../utils/invitations';
import { ServerProcess, startServer } from '../utils/server-process';
import { createTestDatabase, TestDatabase } from '../utils/test-database';
import { createTestApp, MARCH_2021, openRun, ORGANISER_PASSWORD, participantsWithTokens, setCapacity } from '../utils/test-app';

const OUTAGE_MS = 60_000;
/** DISPATCH_RETRY_MAX_MS (its default) plus the time to send what waited: recovery must not take longer. */
const RECOVERY_BOUND_MS = 30_000 + 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 10, item 10: the SMTP server (a real `smtp-server` on loopback) goes down, refusing
 * connections, for 60 s in the middle of a bulk of 300 invitations (220 registrations, 80 of them
 * then moved: a CANCEL and a new REQUEST each), and comes back on the same port. The real server
 * process delivers every message exactly once by Message-ID, in order per recipient, none marked
 * failed; `/health` shows the backlog during the outage and recovers; delivery resumes within the
 * retry cap, not after the doubling backoff's minutes.
 */
describe('SMTP down for 60 s during bulk sending', () => {
  let dir: string;
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sink: ControllableSink;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smtp-down-'));
    sink = await new ControllableSink().up();
  });
  afterAll(async () => {
    await server?.stop();
    await sink.down();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every message exactly once, in order per recipient, none failed; /health shows the backlog and recovers', async () => {
    database = await createTestDatabase(dir);
    const setup = await createTestApp({ ...database.env, MAIL_OUTBOX_DIR: join(dir, 'outbox') });
    const { run, sessions } = await openRun(setup);
    for (const s of sessions) await setCapacity(setup, s.id, 150);
    const people = await participantsWithTokens(setup, 220);
    const registrations = setup.get(RegistrationsService);
    // Side by side, as requests would come (the write path batches them): the set-up stays short.
    const regs = await Promise.all(people.map((p, i) => registrations.register({ participantId: p.id, runId: run.id, preferences: [sessions[i % 3].id], actor: 'participant' })));
    await Promise.all(regs.slice(0, 80).map((reg, i) => registrations.moveByOrganiser(reg.id, sessions[(i + 1) % 3].id)));
    await setup.close();

    const db = await new DataSource(buildDataSourceOptions(loadConfig(database.env))).initialize();
    try {
      const outbox = db.getRepository(OutboxMessage);
      const queued = await outbox.find({ where: { status: Not('superseded') }, order: { id: 'ASC' } });
      expect(queued.length).toBeGreaterThanOrEqual(300);
      expect(new Set(queued.map((m) => m.recipientAddress)).size).toBe(220);

      server = await startServer({
        ...database.env,
        MAIL_OUTBOX_DIR: join(dir, 'outbox'),
        SMTP_URL: sink.url,
        ORGANISER_PASSWORD,
        CLOCK_START: MARCH_2021,
        DISPATCH_INTERVAL_MS: '200',
        SEED_ON_START: 'false',
        LOG_LEVEL: 'error',
      });
      const backlog = async () => {
        const res = await server!.http.get('/health');
        const outbox = (res.body.info?.outbox ?? res.body.error?.outbox) as { pending: number; sending: number; failed: number; oldestDueSeconds: number | null };
        return { http: res.status, ...outbox };
      };

      // The server goes down mid-bulk: it refuses every connection for 60 s.
      // First it stops answering (the messages it is taking in wait for their 250), so every answer
      // it did give has reached the product before the connections are cut; then it goes down.
      await sink.waitFor(30);
      sink.holdAfter = sink.received.length;
      await sleep(500);
      const cutOff = new Set(sink.received.filter((m) => !m.acknowledged).map((m) => m.messageId));
      await sink.down();
      const downAt = Date.now();
      await sleep(5000);
      const during = await backlog();
      const delivered = () => new Set(sink.received.filter((m) => m.acknowledged).map((m) => m.messageId)).size;
      const deliveredBeforeOutage = delivered();
      expect(deliveredBeforeOutage).toBeLessThan(queued.length);
      expect(during).toMatchObject({ http: 200, failed: 0 });
      expect(during.pending + during.sending).toBe(queued.length - deliveredBeforeOutage);
      expect(during.oldestDueSeconds).toBeGreaterThan(0);
      await sleep(OUTAGE_MS - (Date.now() - downAt) - 5000);
      const late = await backlog();
      expect(late.pending + late.sending).toBe(queued.length - deliveredBeforeOutage); // nothing lost or sent while down
      expect(late.oldestDueSeconds).toBeGreaterThan(during.oldestDueSeconds!);
      expect(late.failed).toBe(0);
      await sleep(OUTAGE_MS - (Date.now() - downAt));

      // Back on the same port: everything goes within the retry cap.
      await sink.up();
      sink.release(); // answers again (nothing is held: those connections were cut)
      const upAt = Date.now();
      let after = await backlog();
      while (after.pending + after.sending > 0 && Date.now() - upAt < 3 * RECOVERY_BOUND_MS) {
        await sleep(250);
        after = await backlog();
      }
      const recoveryMs = Date.now() - upAt;
      expect(after).toMatchObject({ http: 200, pending: 0, sending: 0, failed: 0, oldestDueSeconds: null });
      expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
      await server.stop('SIGTERM');
      server = undefined;

      // Exactly once by Message-ID: each queued message accepted (answered 250) once, nothing else.
      const acknowledged = sink.received.filter((m) => m.acknowledged).map((m) => m.messageId);
      expect([...acknowledged].sort()).toEqual(queued.map((m) => m.messageId).sort());
      // A message cut off before its answer reached the server twice, with the same Message-ID; no other did.
      const copies = (id: string) => sink.received.filter((m) => m.messageId === id).length;
      expect(queued.filter((m) => copies(m.messageId) > 1 && !cutOff.has(m.messageId))).toEqual([]);
      const final = await outbox.find({ where: { status: Not('superseded') } });
      expect(final.every((m) => m.status === 'sent')).toBe(true);
      // In order per recipient: each mailbox got its messages in the order they were queued.
      const order = new Map(queued.map((m) => [m.messageId, m.id]));
      for (const address of new Set(queued.map((m) => m.recipientAddress))) {
        const got = sink.to(address).map((m) => order.get(m.messageId)!);
        expect(got).toEqual([...got].sort((a, b) => a - b));
        expect(got).toHaveLength(queued.filter((m) => m.recipientAddress === address).length);
      }
    } finally {
      await db.destroy();
    }
  }, 300_000);
});
