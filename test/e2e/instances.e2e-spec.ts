import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { In, Not } from 'typeorm';
import { BalancingService } from '../../src/balancing/balancing.service';
import { DEFAULT_BALANCING_POLICY } from '../../src/balancing/balancing-input';
import { DomainError } from '../../src/common/domain-error';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { DispatcherService } from '../../src/invitations/dispatcher.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { OutboxService } from '../../src/invitations/outbox.service';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { Participant } from '../../src/organisation/participant.entity';
import { Post } from '../../src/organisation/post.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { TrainingService } from '../../src/training/training.service';
import { SmtpSink } from '../utils/smtp-sink';
import { createTestApp, openRun, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';
import { createTestDatabase, describePostgresOnly, TestDatabase } from '../utils/test-database';

const STORM = 1000;

/** Adds posts with demo people until the roster has `n` participants (the seed has fewer). */
async function ensureParticipants(t: TestApp, n: number): Promise<void> {
  const existing = await t.dataSource.getRepository(Participant).count();
  const [any] = await t.dataSource.getRepository(Post).find({ take: 1 });
  await t.get(TransactionRunner).run(async (m) => {
    for (let i = existing; i < n; i++) {
      const post = await m.save(m.create(Post, { kind: 'office_director', unitCode: `L${String(i).padStart(8, '0')}`, districtId: any.districtId, officeId: null }));
      await m.save(m.create(Participant, { postId: post.id, name: `负载${i}`, mobile: '13800000000', email: `load.${i}@example.org`, isDemo: true }));
    }
  });
}

/** Runs an instance's dispatcher until nothing is due; @returns how many messages it sent. */
async function drain(t: TestApp): Promise<number> {
  let sent = 0;
  for (;;) {
    const report = await t.get(DispatcherService).dispatchDue(20);
    sent += report.sent;
    if (report.sent + report.retried + report.failed === 0) return sent;
  }
}

/** Per session: the seat counter equals the confirmed registrations and stays within capacity. */
async function expectSeatsConsistent(t: TestApp, runId: number): Promise<void> {
  for (const s of await t.dataSource.getRepository(TrainingSession).findBy({ runId })) {
    const confirmed = await t.dataSource.getRepository(Registration).countBy({ sessionId: s.id, status: 'confirmed' });
    expect({ session: s.id, counter: s.confirmedCount, withinCapacity: s.confirmedCount <= s.capacity }).toEqual({ session: s.id, counter: confirmed, withinCapacity: true });
  }
}

/**
 * Issue 10, item 5: two app instances, each with its own dispatcher, on one PostgreSQL database.
 */
describePostgresOnly('Two instances on one PostgreSQL database', 'several instances share a database server; SQLite is one process per file', () => {
  let dir: string;
  let database: TestDatabase;
  let sink: SmtpSink;
  let a: TestApp;
  let b: TestApp;
  let runId: number;
  let s1: number;
  let s2: number;
  let people: { id: number; email: string; token: string }[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'instances-'));
    database = await createTestDatabase(dir);
    sink = await new SmtpSink().start();
    a = await createTestApp({ ...database.env, SMTP_URL: sink.url });
    b = await createTestApp({ ...database.env, SMTP_URL: sink.url });
    const opened = await openRun(a);
    runId = opened.run.id;
    [s1, s2] = opened.sessions.map((s) => s.id);
    for (const s of opened.sessions.slice(2)) await setCapacity(a, s.id, 0);
    await ensureParticipants(a, STORM + 10);
    people = await participantsWithTokens(a, STORM + 10);
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sink?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const instance = (i: number) => (i % 2 === 0 ? a : b);
  const register = (t: TestApp, token: string, preferredSessionIds: number[]) =>
    t.http.post(`/api/runs/${runId}/registration`).set('Authorization', `Bearer ${token}`).send({ preferredSessionIds });

  it('1,000 concurrent registrations over both instances for the last 10 seats: exactly 10 confirmed, no 5xx', async () => {
    // Five seats taken in each of sessions 1 and 2; session 1 has 10 left, session 2 none.
    await setCapacity(a, s1, 15);
    await setCapacity(a, s2, 5);
    for (const [i, p] of people.slice(0, 10).entries()) expect((await register(instance(i), p.token, [i < 5 ? s1 : s2])).body.status).toBe('confirmed');

    const storm = people.slice(10);
    const responses = await Promise.all(storm.map((p, i) => register(instance(i), p.token, [s1, s2])));
    const byStatus = new Map<number, number>();
    for (const r of responses) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: STORM });
    expect(responses.filter((r) => r.body.status === 'confirmed')).toHaveLength(10);
    expect(responses.filter((r) => r.body.status === 'waitlisted')).toHaveLength(STORM - 10);
    const confirmed = await a.dataSource.getRepository(Registration).findBy({ runId, status: 'confirmed', participantId: In(storm.map((p) => p.id)) });
    expect(confirmed.map((r) => r.sessionId)).toEqual(Array(10).fill(s1));
    await expectSeatsConsistent(a, runId);
  }, 180_000);

  it('two confirmed people cancelling at the same instant (one per instance) promote two different waitlisted people, one invitation each', async () => {
    for (let round = 0; round < 3; round++) {
      const inS1 = await a.dataSource.getRepository(Registration).findOneByOrFail({ runId, status: 'confirmed', sessionId: s1 });
      const inS2 = await a.dataSource.getRepository(Registration).findOneByOrFail({ runId, status: 'confirmed', sessionId: s2 });
      const waiting = await a.dataSource.getRepository(Registration).find({ where: { runId, status: 'waitlisted' }, order: { queuedAt: 'ASC', id: 'ASC' }, take: 2 });
      const token = (participantId: number) => people.find((p) => p.id === participantId)!.token;
      const [x, y] = await Promise.all([
        a.http.delete(`/api/runs/${runId}/registration`).set('Authorization', `Bearer ${token(inS1.participantId)}`),
        b.http.delete(`/api/runs/${runId}/registration`).set('Authorization', `Bearer ${token(inS2.participantId)}`),
      ]);
      expect([x.status, y.status]).toEqual([204, 204]);
      const promoted = await a.dataSource.getRepository(Registration).findBy({ id: In(waiting.map((w) => w.id)) });
      expect(promoted.map((r) => r.status)).toEqual(['confirmed', 'confirmed']);
      expect(new Set(promoted.map((r) => r.sessionId))).toEqual(new Set([s1, s2]));
      for (const r of promoted) {
        const email = people.find((p) => p.id === r.participantId)!.email;
        const requests = await a.dataSource.getRepository(OutboxMessage).countBy({ recipientAddress: email, calendarMethod: 'REQUEST', status: Not('superseded') });
        expect({ email, requests }).toEqual({ email, requests: 1 });
      }
      await expectSeatsConsistent(a, runId);
    }
  }, 120_000);

  it('both dispatchers draining at once deliver every outbox row exactly once, in order per recipient', async () => {
    // More mail than the invitations: 40 recipients with 5 messages each.
    const outbox = a.get(OutboxService);
    await a.get(TransactionRunner).run(async (m) => {
      for (let n = 0; n < 5; n++) {
        for (let r = 0; r < 40; r++) {
          await outbox.enqueue(m, { kind: 'personal-link', recipientAddress: `mail.${r}@example.org`, recipientName: `收件人${r}`, subject: `第 ${n} 封`, textBody: `${n}`, htmlBody: `<p>${n}</p>` });
        }
      }
    });
    const queued = await a.dataSource.getRepository(OutboxMessage).find({ where: { status: Not('superseded') }, order: { id: 'ASC' } });
    expect(queued.length).toBeGreaterThan(200);
    const sent = await Promise.all([drain(a), drain(b)]);
    expect(sent[0] + sent[1]).toBe(queued.length);
    expect(Math.min(...sent)).toBeGreaterThan(0); // both dispatchers took part

    const after = await a.dataSource.getRepository(OutboxMessage).find({ where: { status: Not('superseded') } });
    expect(after.filter((m) => m.status !== 'sent')).toEqual([]);
    const arrivals = new Map<string, number>();
    for (const mail of sink.received) {
      const id = mail.parsed.messageId!;
      arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
    }
    const strip = (id: string) => id.replace(/^<|>$/g, '');
    expect(queued.filter((m) => arrivals.get(`<${strip(m.messageId)}>`) !== 1).map((m) => [m.messageId, arrivals.get(`<${strip(m.messageId)}>`)])).toEqual([]);
    expect(sink.received).toHaveLength(queued.length);
    for (let r = 0; r < 40; r++) {
      expect(sink.to(`mail.${r}@example.org`).map((m) => m.parsed.subject)).toEqual([0, 1, 2, 3, 4].map((n) => `第 ${n} 封`));
    }
  }, 180_000);
});

describePostgresOnly('Balancing apply and session edits on two instances', 'several instances share a database server; SQLite is one process per file', () => {
  let dir: string;
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'instances-balancing-'));
    database = await createTestDatabase(dir);
    // Both start at once on the empty database: migrations and the seed take turns.
    [a, b] = await Promise.all([createTestApp(database.env), createTestApp(database.env)]);
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two instances starting at once on an empty database both boot, with the schema migrated and the seed made once', async () => {
    const migrations: { name: string }[] = await a.dataSource.query('SELECT name FROM migrations');
    expect(migrations.map((m) => m.name)).toEqual(a.dataSource.migrations.map((m) => m.name));
    expect(await b.dataSource.getRepository(TrainingRun).count()).toBe(1);
  });

  it('an apply on one instance and a capacity raise on the other at the same instant are serialised: seat counters stay true', async () => {
    const { run, sessions } = await openRun(a);
    const [s1, s2] = sessions.map((s) => s.id);
    await setCapacity(a, s1, 2);
    await setCapacity(a, s2, 2);
    for (const s of sessions.slice(2)) await setCapacity(a, s.id, 0);
    // One person from each of three districts, so that district caps do not bind.
    const seen = new Set<number>();
    const [p1, p2, p3] = (await a.get(OrganisationService).listParticipants()).filter((p) => !seen.has(p.districtId) && seen.add(p.districtId));
    const reg = a.get(RegistrationsService);
    await reg.register({ participantId: p1.id, runId: run.id, preferences: [s1, s2], actor: 'participant' });
    await reg.register({ participantId: p2.id, runId: run.id, preferences: [s1], actor: 'participant' });
    expect((await reg.register({ participantId: p3.id, runId: run.id, preferences: [s1], actor: 'participant' })).status).toBe('waitlisted');
    // The plan moves p1 to session 2 and seats the waitlisted p3 in session 1; the raise would promote p3 too.
    const plan = await a.get(BalancingService).preview(run.id, DEFAULT_BALANCING_POLICY);
    // Make the race certain: the apply pauses once it has read the registrations (at its first
    // seat release); the raise starts on the other instance during that pause.
    const training = a.get(TrainingService);
    const release = training.releaseSeat.bind(training);
    let paused!: () => void;
    const pausing = new Promise<void>((resolve) => (paused = resolve));
    jest.spyOn(training, 'releaseSeat').mockImplementationOnce(async (m, sessionId) => {
      paused();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return release(m, sessionId);
    });
    const applying = a.get(BalancingService).apply(plan.id);
    await pausing;
    expect(plan.after.find((r) => r.participantId === p3.id)).toMatchObject({ status: 'confirmed', sessionId: s1 });
    const outcomes = await Promise.allSettled([applying, b.get(SessionChangesService).update(s1, { capacity: 3 })]);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(DomainError); // PLAN_STALE when the raise came first
    }
    expect(outcomes[1].status).toBe('fulfilled');
    expect(await a.dataSource.getRepository(Registration).findOneByOrFail({ participantId: p3.id, runId: run.id })).toMatchObject({ status: 'confirmed' });
    await expectSeatsConsistent(a, run.id);
  }, 60_000);
});
