import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource, Not } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { DispatcherService } from '../../src/invitations/dispatcher.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { calendarSteps, ControllableSink } from '../utils/invitations';
import { createTestDatabase } from '../utils/test-database';
import { createTestApp, MARCH_2021, openRun, participantsWithTokens, TestApp } from '../utils/test-app';

const ROOT = resolve(__dirname, '../..');
const CHILD = join(ROOT, 'test/utils/invitations-child-app.ts');
const MINUTE = 60_000;

/** Starts the app (no HTTP, background dispatcher on) in a child process; resolves once booted. */
function startApp(env: Record<string, string>, log: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CHILD], {
    cwd: ROOT,
    env: { ...process.env, SEED_ON_START: 'false', DISPATCH_INTERVAL_MS: '50', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
  return new Promise((ready, fail) => {
    child.stdout!.on('data', (d: Buffer) => (d.toString().includes('ready') ? ready(child) : log.push(d.toString())));
    child.once('exit', (code, signal) => fail(new Error(`app exited (${code ?? signal}) before it was ready:\n${log.join('')}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 45_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const value = await probe();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('The process killed in the middle of dispatching (issue #3)', () => {
  let dir: string;
  let sink: ControllableSink;
  let db: DataSource | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  const children: ChildProcess[] = [];
  const log: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'invitations-crash-'));
    sink = await new ControllableSink().up();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await db?.destroy();
    await dropDatabase?.();
    await sink.down();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGKILL mid-dispatch, second process 10 minutes later: no loss, duplicates only of the messages in flight and with their Message-ID, in order per recipient', async () => {
    const database = await createTestDatabase(dir);
    dropDatabase = () => database.drop();
    // Queue the mail in the database file: seven invitations, and for one person a move (CANCEL then REQUEST).
    const setup = await createTestApp(database.env);
    const { run, sessions } = await openRun(setup);
    const people = await participantsWithTokens(setup, 8);
    const registrations = setup.get(RegistrationsService);
    const regs = [];
    for (const p of people) regs.push(await registrations.register({ participantId: p.id, runId: run.id, preferences: [sessions[0].id], actor: 'participant' }));
    await registrations.moveByOrganiser(regs[7].id, sessions[1].id);
    await setup.close();

    db = await new DataSource(buildDataSourceOptions(loadConfig(database.env))).initialize();
    const outbox = db.getRepository(OutboxMessage);
    const queued = await outbox.find({ where: { status: Not('superseded') }, order: { id: 'ASC' } });
    expect(queued).toHaveLength(9);
    expect(queued.every((m) => m.status === 'pending')).toBe(true);

    // First process: the server answers three messages, then holds its answers (a slow server).
    sink.holdAfter = 3;
    const first = await startApp({ ...database.env, SMTP_URL: sink.url, CLOCK_START: MARCH_2021 }, log);
    children.push(first);
    await sink.waitFor(4);
    await until('the answered messages to be recorded as sent', async () => (await outbox.countBy({ status: 'sent' })) >= 3);
    first.kill('SIGKILL');
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');

    const atKill = await outbox.find({ where: { status: Not('superseded') }, order: { id: 'ASC' } });
    const inFlight = atKill.filter((m) => m.status === 'sending');
    const sentBefore = atKill.filter((m) => m.status === 'sent');
    expect(inFlight.length).toBeGreaterThanOrEqual(1);
    expect(atKill.filter((m) => m.status === 'pending').length).toBeGreaterThanOrEqual(1);
    for (const m of inFlight) expect(m.claimedUntil!.getTime()).toBeGreaterThan(new Date(MARCH_2021).getTime() + 4 * MINUTE);
    const heldIds = sink.received.filter((m) => !m.acknowledged).map((m) => m.messageId);
    expect(heldIds.length).toBeGreaterThanOrEqual(1);

    // The server restarts; a second process starts 10 minutes later, past the 5-minute claim lease.
    await sink.down();
    await sink.up();
    sink.release();
    const second = await startApp(
      { ...database.env, SMTP_URL: sink.url, CLOCK_START: new Date(new Date(MARCH_2021).getTime() + 10 * MINUTE).toISOString() },
      log,
    );
    children.push(second);
    await until('every message to be sent', async () => (await outbox.count({ where: { status: Not('superseded') } })) === (await outbox.countBy({ status: 'sent' })));
    second.kill('SIGTERM');
    await exited(second);

    const acknowledged = sink.received.filter((m) => m.acknowledged);
    const times = (id: string) => acknowledged.filter((m) => m.messageId === id).length;
    for (const m of queued) expect(times(m.messageId)).toBeGreaterThanOrEqual(1); // at least once, original Message-ID
    for (const m of sentBefore) expect(times(m.messageId)).toBe(1); // recorded as sent: never again
    for (const id of heldIds) expect(sink.received.filter((m) => m.messageId === id).length).toBeGreaterThanOrEqual(2); // re-sent
    // Duplicates only of the messages in flight at the kill: every other one reached the server
    // exactly once, and every copy the server got carries a queued message's own Message-ID.
    const inFlightIds = new Set(inFlight.map((m) => m.messageId));
    const copies = (id: string) => sink.received.filter((m) => m.messageId === id).length;
    for (const m of queued.filter((q) => !inFlightIds.has(q.messageId))) expect({ id: m.messageId, copies: copies(m.messageId) }).toEqual({ id: m.messageId, copies: 1 });
    expect(sink.received.filter((r) => !queued.some((q) => q.messageId === r.messageId))).toEqual([]);
    const duplicated = [...new Set(sink.received.map((m) => m.messageId))].filter((id) => copies(id) > 1);
    expect(duplicated.filter((id) => !inFlightIds.has(id))).toEqual([]);
    const after = await outbox.find({ where: { status: Not('superseded') } });
    for (const m of inFlight) expect(after.find((a) => a.id === m.id)!.attempts).toBe(2);
    // The mover's CANCEL still came before their new REQUEST.
    const steps = calendarSteps(sink.to(people[7].email).filter((m, i, all) => all.findIndex((x) => x.messageId === m.messageId) === i));
    expect(steps.map((s) => `${s.method} ${s.summary}`)).toEqual([`CANCEL ${sessions[0].title}`, `REQUEST ${sessions[1].title}`]);
  }, 120_000);
});

describe('The claim lease (issue #3)', () => {
  let sink: ControllableSink;
  let t: TestApp;

  beforeEach(async () => {
    sink = await new ControllableSink().up();
    t = await createTestApp({ SMTP_URL: sink.url, DISPATCH_CLAIM_LEASE_MS: String(2 * MINUTE) });
    const { run, sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    await t.get(RegistrationsService).register({ participantId: p.id, runId: run.id, preferences: [sessions[0].id], actor: 'participant' });
  });
  afterEach(async () => {
    await t.close();
    await sink.down();
  });

  it('claims for DISPATCH_CLAIM_LEASE_MS, leaves a live claim alone, and takes over an expired one', async () => {
    const dispatcher = t.get(DispatcherService);
    const outbox = t.dataSource.getRepository(OutboxMessage);
    sink.holdAfter = 0;
    const pass = dispatcher.dispatchDue();
    await sink.waitFor(1);
    const claimed = await outbox.findOneByOrFail({});
    expect(claimed).toMatchObject({ status: 'sending', attempts: 1 });
    expect(claimed.claimedUntil!.getTime()).toBe(t.clock.now().getTime() + 2 * MINUTE);
    await sink.down(); // the claiming dispatcher never hears back …
    await pass;
    // … simulate that it died holding the claim: the row stays 'sending' until the lease ends.
    await outbox.update(claimed.id, { status: 'sending', claimedUntil: claimed.claimedUntil, attempts: 1 });
    await sink.up();
    sink.release();

    t.clock.advance(MINUTE);
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    t.clock.advance(MINUTE + 1);
    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 1 });
    expect(await outbox.findOneByOrFail({ id: claimed.id })).toMatchObject({ status: 'sent', attempts: 2, messageId: claimed.messageId });
    expect(sink.received.filter((m) => m.acknowledged).map((m) => m.messageId)).toEqual([claimed.messageId]);
  });
});
