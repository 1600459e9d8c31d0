/**
 * Load benchmark (issue 10, items 7 and 8): `npm run bench:load [seconds] [connections] [participants]`.
 *
 * Prepares a fresh SQLite file in this process (migrations and the seed, as `npm start` does:
 * the roster of 247 people; with `participants` above 247 a generated roster of that many people
 * in as many extra judicial offices, and the run grown to 40 sessions sharing the seats — issue
 * 10, item 8 asks for 40,000), gives everyone a personal link, then starts the product as its own
 * process from the compiled JS (`node dist/src/main.js`, built by the npm script; ts-node would
 * add its compiler to the measured memory) and a bare Express server with the same JSON body
 * parser in this process, and drives both with autocannon over loopback, one scenario after
 * another, `connections` (default 50) keep-alive connections for `seconds` (default 10) each:
 *   participant read (GET …/registration), participant page (GET /r/:token), register (POST),
 *   change of session (PUT), cancel (DELETE) — each request with the next person's token.
 * Prints req/s, p50 and p99 per scenario, the ratio to bare Express (GET for reads, PUT for
 * writes), the 5xx count, the product process's CPU time per request (user + system of all its
 * threads, from /proc: steadier than req/s on a shared machine), its peak RSS (VmHWM of /proc/<pid>/status, and the
 * highest VmRSS sampled every 200 ms) against the 250 MB target, and the final invariant check
 * (confirmed ≤ capacity, counters equal rows, one live invitation per confirmed registration).
 * Bounded: every scenario stops after `seconds`. Loopback only.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import express from 'express';
import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { hashToken, newToken } from '../src/common/tokens';
import { WRITER_DATA_SOURCE } from '../src/database/writer';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const PARTICIPANTS = Number(process.argv[4] ?? 247);
/** Sessions of the run when the roster is generated (issue 10, item 8). */
const GENERATED_SESSIONS = 40;
const RSS_TARGET_MB = 250;
interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors5xx: number;
  non2xx: number;
  /** CPU time (user + system, all threads) the product process spent per request, ms; null for bare Express. */
  cpuMs: number | null;
}

/**
 * Whether a scenario meets its target (issue 10, item 7): reads ≥ 30 % of bare Express GET; writes
 * ≥ 10 % of bare Express PUT with p99 < 100 ms. `base` is the bare Express rate it is compared with.
 */
function targetOf(f: Figures, base: number): string {
  if (f.name.startsWith('bare')) return '—';
  const read = f.name.includes('read') || f.name.includes('page');
  const share = (100 * f.rps) / base;
  const met = read ? share >= 30 : share >= 10 && f.p99 < 100;
  return `${read ? '≥ 30 %' : '≥ 10 %, p99 < 100 ms'}: ${met ? 'met' : '**not met**'}`;
}

/** CPU seconds (user + system, all threads) of process `pid` so far, from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The product's pid while it runs (CPU per request is read from it); undefined for bare Express. */
let productPid: number | undefined;

async function drive(name: string, url: string, requests: (i: number) => { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Figures> {
  let i = 0;
  const pid = url.includes(`:${productPort}`) ? productPid : undefined;
  const cpuBefore = pid ? cpuSecondsOf(pid) : 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (req) => ({ ...req, ...requests(i++) }) as typeof req }],
  });
  const errors5xx = result['5xx'];
  const cpuMs = pid ? (1000 * (cpuSecondsOf(pid) - cpuBefore)) / Math.max(1, result.requests.total) : null;
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors5xx, non2xx: result.non2xx, cpuMs };
}

function bareExpress(): Promise<{ url: string; close: () => void }> {
  const app = express();
  app.use(express.json({ limit: '100kb' }));
  app.get('/api/runs/:runId/registration', (_req, res) => res.json({ status: 'confirmed', sessionId: 1, preferences: [1, 2] }));
  app.put('/api/runs/:runId/registration', (req, res) => res.json({ status: 'confirmed', sessionId: req.body?.preferredSessionIds?.[0] ?? 1 }));
  return new Promise((done) => {
    const server = app.listen(0, '127.0.0.1', () => done({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }));
  });
}

let productPort = -1;

/** A free loopback port (the product is told its port; it cannot report one it chose). */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

/** Migrations and seed in this process, then the generated roster and 40 sessions; returns everyone's token. */
async function prepare(env: Record<string, string>): Promise<{ runId: number; sessionIds: number[]; tokens: string[] }> {
  Object.assign(process.env, env);
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: ['error'] });
  await app.init();
  const db = app.get<DataSource>(WRITER_DATA_SOURCE);
  const q = (sql: string, params: unknown[] = []) => db.query(sql, params);
  const [run] = await q('SELECT id FROM training_run ORDER BY id LIMIT 1');
  await q(`UPDATE training_run SET status = 'open' WHERE id = ?`, [run.id]);
  const seeded: number = (await q('SELECT COUNT(*) AS n FROM participant'))[0].n;
  const extra = Math.max(0, PARTICIPANTS - seeded);
  if (extra > 0) {
    await q('BEGIN');
    const [{ kind }] = await q('SELECT kind FROM judicial_office LIMIT 1');
    const districts: number[] = (await q('SELECT id FROM district ORDER BY id')).map((d: { id: number }) => d.id);
    for (let from = 0; from < extra; from += 500) {
      const rows = Array.from({ length: Math.min(500, extra - from) }, (_, k) => from + k);
      const code = (i: number) => `B${String(i).padStart(7, '0')}`;
      await q(`INSERT INTO judicial_office (code, "unitName", kind, "districtId") VALUES ${rows.map(() => '(?, ?, ?, ?)').join(',')}`, rows.flatMap((i) => [code(i), `基准司法所${i}`, kind, districts[i % districts.length]]));
      await q(`INSERT INTO post (kind, "unitCode", "districtId", "officeId") SELECT 'office_director', code, "districtId", id FROM judicial_office WHERE code >= ? AND code <= ?`, [code(rows[0]), code(rows[rows.length - 1])]);
      await q(
        `INSERT INTO participant ("postId", name, mobile, email) SELECT p.id, '基准学员' || substr(p."unitCode", 2), '139' || substr(p."unitCode", 2), 'bench-' || substr(p."unitCode", 2) || '@example.org' FROM post p WHERE p."unitCode" >= ? AND p."unitCode" <= ?`,
        [code(rows[0]), code(rows[rows.length - 1])],
      );
    }
    const sessions = await q('SELECT * FROM training_session WHERE "runId" = ? ORDER BY ordinal', [run.id]);
    for (let ordinal = sessions.length + 1; ordinal <= GENERATED_SESSIONS; ordinal++) {
      const like = sessions[ordinal % sessions.length];
      await q(`INSERT INTO training_session ("runId", ordinal, title, "firstDay", "dayCount", "dailyStart", "dailyEnd", venue, capacity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [run.id, ordinal, `第${ordinal}期`, like.firstDay, like.dayCount, like.dailyStart, like.dailyEnd, like.venue, like.capacity]);
    }
    await q('UPDATE training_session SET capacity = ? WHERE "runId" = ?', [Math.ceil(PARTICIPANTS / GENERATED_SESSIONS), run.id]);
    await q('COMMIT');
  }
  const people: number[] = (await q('SELECT id FROM participant ORDER BY id')).map((p: { id: number }) => p.id);
  const tokens = people.map(() => newToken());
  await q('BEGIN');
  for (let k = 0; k < people.length; k++) await q('UPDATE participant SET "tokenHash" = ?, "tokenIssuedAt" = ? WHERE id = ?', [hashToken(tokens[k]), '2021-03-22 01:00:00.000', people[k]]);
  await q('COMMIT');
  const sessionIds: number[] = (await q('SELECT id FROM training_session WHERE "runId" = ? ORDER BY ordinal', [run.id])).map((s: { id: number }) => s.id);
  await app.close();
  return { runId: run.id, sessionIds, tokens };
}

/**
 * The product's `node` flags: `BENCH_NODE_FLAGS` when set, else those of `npm start`, read from
 * package.json so the two never differ (issue 10, item 8: a young generation of at most 8 MB per
 * semi-space and an old generation grown by 50 % over what survived each full GC).
 */
function nodeFlags(): string {
  if (process.env.BENCH_NODE_FLAGS !== undefined) return process.env.BENCH_NODE_FLAGS;
  return /\bnode ((?:--\S+ )*)dist\//.exec(startScript())?.[1].trim() ?? '';
}

/** `npm start` as package.json writes it. */
function startScript(): string {
  return JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).scripts.start;
}

/** libuv's thread pool size `npm start` gives the product (sqlite3 runs statements there), unless the environment sets one. */
function threadPoolSize(): string {
  return process.env.UV_THREADPOOL_SIZE ?? /UV_THREADPOOL_SIZE=\$\{UV_THREADPOOL_SIZE-(\d+)\}/.exec(startScript())?.[1] ?? '4';
}

/** Starts `node dist/src/main.js` on `port`; resolves once it answers /health. */
async function startProduct(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const flags = nodeFlags().split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, join(__dirname, '..', 'dist', 'src', 'main.js')], { env: { ...process.env, ...env, PORT: String(port), UV_THREADPOOL_SIZE: threadPoolSize() }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the product exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status < 500).catch(() => false);
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the product did not start within 60 s');
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const env = {
    DATABASE_PATH: join(dir, 'app.sqlite'),
    MAIL_OUTBOX_DIR: join(dir, 'outbox'),
    DISPATCH_INTERVAL_MS: '0',
    // The product logs as it does by default (one JSON line per request, to its stdout: /dev/null here); BENCH_LOG_LEVEL=silent measures without.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    ORGANISER_PASSWORD: 'bench-password-1',
    CLOCK_START: '2021-03-22T09:00:00+08:00',
  };
  const { runId, sessionIds, tokens } = await prepare(env);
  const port = await freePort();
  const product = await startProduct(env, port);
  [productPort, productPid] = [port, product.pid];
  const url = `http://127.0.0.1:${port}`;
  const atStart = memoryOf(product.pid!);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryOf(product.pid!).rss)), 200);
  const bare = await bareExpress();
  const json = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
  const registrationPath = `/api/runs/${runId}/registration`;
  const session = (i: number) => sessionIds[i % sessionIds.length];

  const figures: Figures[] = [];
  // BENCH_SCENARIOS=read,page,change,cancel runs only those after register (which always runs: the others need registrations).
  const only = process.env.BENCH_SCENARIOS?.split(',');
  const wanted = (key: string) => !only || only.includes(key);
  figures.push(await drive('bare Express GET', bare.url, () => ({ method: 'GET', path: registrationPath })));
  figures.push(await drive('bare Express PUT', bare.url, (i) => ({ method: 'PUT', path: registrationPath, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ preferredSessionIds: [session(i)] }) })));
  // Everyone registers once (with 247 people the rest of the scenario then meets "already registered": 409s count as non-2xx).
  figures.push(await drive('register (POST)', url, (i) => ({ method: 'POST', path: registrationPath, headers: json(tokens[i % tokens.length]), body: JSON.stringify({ preferredSessionIds: [session(i), session(i + 1)] }) })));
  const registered = figures[2].rps * SECONDS;
  // Reads, changes and cancels go to people who registered (the first ones) when the roster is larger than the load.
  const person = (i: number) => tokens[i % Math.max(1, Math.min(tokens.length, Math.floor(registered)))];
  if (wanted('read')) figures.push(await drive('participant read (GET …/registration)', url, (i) => ({ method: 'GET', path: registrationPath, headers: json(person(i)) })));
  if (wanted('page')) figures.push(await drive('participant page (GET /r/:token)', url, (i) => ({ method: 'GET', path: `/r/${person(i)}` })));
  // BENCH_NODE_FLAGS=--heapsnapshot-signal=SIGUSR2 BENCH_HEAP_SNAPSHOT=1: a heap snapshot of the product here (in its cwd).
  if (process.env.BENCH_HEAP_SNAPSHOT) product.kill('SIGUSR2');
  if (wanted('change')) figures.push(await drive('change of session (PUT)', url, (i) => ({ method: 'PUT', path: registrationPath, headers: json(person(i)), body: JSON.stringify({ preferredSessionIds: [session(i + (i % 2))] }) })));
  if (wanted('cancel')) figures.push(await drive('cancel (DELETE)', url, (i) => ({ method: 'DELETE', path: registrationPath, headers: json(person(i)) })));
  clearInterval(sampler);
  const { hwm } = memoryOf(product.pid!);

  const [getBase, putBase] = [figures[0].rps, figures[1].rps];
  console.log(`\nbench:load — ${CONNECTIONS} connections, ${SECONDS} s per scenario, ${tokens.length} participants, ${sessionIds.length} sessions, SQLite (${env.DATABASE_PATH}), product: UV_THREADPOOL_SIZE=${threadPoolSize()} node ${nodeFlags() ? `${nodeFlags()} ` : ''}dist/src/main.js (pid ${product.pid})\n`);
  console.log('| scenario | req/s | p50 ms | p99 ms | ratio to bare Express | 5xx | non-2xx | product CPU ms / request | target (issue 10, item 7) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const f of figures) {
    const base = f.name.includes('GET') || f.name.includes('read') || f.name.includes('page') ? getBase : putBase;
    const ratio = f.name.startsWith('bare') ? '—' : `${((100 * f.rps) / base).toFixed(1)} %`;
    console.log(`| ${f.name} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${ratio} | ${f.errors5xx} | ${f.non2xx} | ${f.cpuMs === null ? '—' : f.cpuMs.toFixed(2)} | ${targetOf(f, base)} |`);
  }
  const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
  console.log(`\nproduct RSS: after start ${mb(atStart.rss)} MB (start-up peak ${mb(atStart.hwm)} MB); peak ${mb(hwm)} MB (VmHWM), highest sample under load ${mb(peakRss)} MB; target < ${RSS_TARGET_MB} MB with 40,000 participants: ${hwm < RSS_TARGET_MB * 1048576 ? 'met' : 'NOT met'}`);

  product.kill('SIGTERM');
  await new Promise((resolve) => product.once('exit', resolve));
  const check = await new DataSource({ type: 'sqlite', database: env.DATABASE_PATH }).initialize();
  const q = (sql: string) => check.query(sql);
  const overbooked = await q(`SELECT id FROM training_session s WHERE s."confirmedCount" > s.capacity OR s."confirmedCount" <> (SELECT COUNT(*) FROM registration r WHERE r."sessionId" = s.id AND r.status = 'confirmed')`);
  const missingInvitations = await q(`SELECT r.id FROM registration r WHERE r.status = 'confirmed' AND (SELECT COUNT(*) FROM calendar_invitation c WHERE c."participantId" = r."participantId" AND c."sessionId" = r."sessionId" AND c.state = 'active') <> 1`);
  const total5xx = figures.reduce((n, f) => n + f.errors5xx, 0);
  console.log(`invariants: sessions over capacity or miscounted ${overbooked.length}; confirmed registrations without exactly one live invitation ${missingInvitations.length}; 5xx ${total5xx}`);
  await check.destroy();
  bare.close();
  rmSync(dir, { recursive: true, force: true });
  if (overbooked.length || missingInvitations.length || total5xx) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
