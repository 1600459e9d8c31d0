/**
 * Write-path profile (issue 10, item 2): `npm run bench:profile-write [count]`.
 *
 * Starts the product on a fresh SQLite file (as bench:load does), then sends `count` (default 50)
 * registers, changes of session and cancels one after another (or, with PROFILE_PARALLEL=1, all
 * of a kind at once, to see group commit) and prints, per
 * command: SQL statements on the writer (calls: statements sent side by side count each; their
 * driver times overlap, so "SQL ms" then sums more than the wall time), time in the sqlite3 driver (split: COMMIT, i.e. the
 * fsync, and the rest), time building invitations and mail bodies, and the remaining time
 * (TypeORM, Nest, our code). Loopback only; bounded by `count`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';
import { AppModule } from '../src/app.module';
import { bootstrapHttp } from '../src/bootstrap';
import { TransactionRunner } from '../src/database/transaction-runner';
import { WRITER_DATA_SOURCE } from '../src/database/writer';
import { InvitationsService } from '../src/invitations/invitations.service';
import { OrganisationService } from '../src/organisation/organisation.service';
import { Participant } from '../src/organisation/participant.entity';
import { TrainingRun } from '../src/training/training-run.entity';
import { TrainingSession } from '../src/training/training-session.entity';

const COUNT = Number(process.argv[2] ?? 50);
/** `PROFILE_PARALLEL=1`: all `count` commands of a kind at once (shows how many share a COMMIT). */
const PARALLEL = Boolean(process.env.PROFILE_PARALLEL);
const tally = { statements: 0, sqlMs: 0, commitMs: 0, buildMs: 0, texts: new Map<string, number>() };

function instrument(writer: DataSource): void {
  const original = SqliteQueryRunner.prototype.query;
  SqliteQueryRunner.prototype.query = async function (this: SqliteQueryRunner, query: string, ...rest: unknown[]) {
    if (this.connection !== writer) return (original as (...a: unknown[]) => Promise<unknown>).call(this, query, ...rest);
    const started = performance.now();
    try {
      return await (original as (...a: unknown[]) => Promise<unknown>).call(this, query, ...rest);
    } finally {
      const ms = performance.now() - started;
      tally.statements++;
      if (query === 'COMMIT') tally.commitMs += ms;
      else tally.sqlMs += ms;
      const key = query.replace(/\s+/g, " ").replace(/\b\d+\b/g, "N").slice(0, 90);
      tally.texts.set(key, (tally.texts.get(key) ?? 0) + 1);
    }
  } as typeof original;
  // Scripts run on the native handle (group commit's "RELEASE …; SAVEPOINT …"): one call, counted once.
  const native = (writer.driver as unknown as { databaseConnection: { exec: (sql: string, cb: (e: Error | null) => void) => unknown } }).databaseConnection;
  const exec = native.exec.bind(native);
  native.exec = (sql, cb) => {
    tally.statements++;
    tally.texts.set(sql, (tally.texts.get(sql) ?? 0) + 1);
    return exec(sql, cb);
  };
  const proto = InvitationsService.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const enqueue = proto.enqueue;
  // Building = the whole enqueue minus its SQL (measured above): the ICS and the mail bodies.
  proto.enqueue = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const sqlBefore = tally.sqlMs;
    try {
      return await enqueue.apply(this, args);
    } finally {
      tally.buildMs += performance.now() - started - (tally.sqlMs - sqlBefore);
    }
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  process.env.DATABASE_PATH = join(dir, 'app.sqlite');
  process.env.MAIL_OUTBOX_DIR = join(dir, 'outbox');
  process.env.DISPATCH_INTERVAL_MS = '0';
  process.env.LOG_LEVEL = 'silent';
  process.env.ORGANISER_PASSWORD = 'bench-password-1';
  process.env.CLOCK_START = '2021-03-22T09:00:00+08:00';
  const app = bootstrapHttp(await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: ['error'] }));
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const writer = app.get<DataSource>(WRITER_DATA_SOURCE);
  const run = await writer.getRepository(TrainingRun).findOneByOrFail({});
  await writer.getRepository(TrainingRun).update(run.id, { status: 'open' });
  const sessions = await writer.getRepository(TrainingSession).find({ where: { runId: run.id }, order: { ordinal: 'ASC' } });
  const people = (await writer.getRepository(Participant).find({ order: { id: 'ASC' } })).slice(0, COUNT);
  const tokens = await app.get(TransactionRunner).run(async (m) => Promise.all(people.map((p) => app.get(OrganisationService).issueToken(m, p.id))));
  instrument(writer);
  const path = `/api/runs/${run.id}/registration`;
  const send = async (method: string, token: string, body?: unknown) => {
    const res = await fetch(url + path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'X-Forwarded-For': '10.0.0.1' }, body: body ? JSON.stringify(body) : undefined });
    if (res.status >= 300) throw new Error(`${method} ${res.status} ${await res.text()}`);
  };
  console.log(`profile-write — ${COUNT} commands each, one at a time, SQLite (synchronous as configured)\n`);
  console.log(`${PARALLEL ? 'all at once' : 'one at a time'}; per command:`);
  console.log('| command | statements | COMMITs | total ms | SQL ms (not COMMIT) | COMMIT ms | build invitations+mail ms | rest ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  const scenarios: [string, (i: number) => Promise<void>][] = [
    ['register', (i) => send('POST', tokens[i], { preferredSessionIds: [sessions[i % sessions.length].id] })],
    ['change of session', (i) => send('PUT', tokens[i], { preferredSessionIds: [sessions[(i + 1) % sessions.length].id] })],
    ['cancel', (i) => send('DELETE', tokens[i])],
  ];
  const allTexts: string[] = [];
  for (const [name, act] of scenarios) {
    Object.assign(tally, { statements: 0, sqlMs: 0, commitMs: 0, buildMs: 0, texts: new Map() });
    const started = performance.now();
    if (PARALLEL) await Promise.all(people.map((_, i) => act(i)));
    else for (let i = 0; i < people.length; i++) await act(i);
    const total = performance.now() - started;
    const per = (v: number) => (v / people.length).toFixed(2);
    console.log(`| ${name} | ${per(tally.statements)} | ${per(tally.texts.get('COMMIT') ?? 0)} | ${per(total)} | ${per(tally.sqlMs)} | ${per(tally.commitMs)} | ${per(tally.buildMs)} | ${per(total - tally.sqlMs - tally.commitMs - tally.buildMs)} |`);
    allTexts.push(`\n${name}:`, ...[...tally.texts].map(([text, n]) => `  ${(n / people.length).toFixed(2)}× ${text}`));
  }
  if (process.env.PROFILE_STATEMENTS) console.log(allTexts.join('\n'));
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
