/**
 * Load benchmark (issue 10, item 7): `npm run bench:load [seconds] [connections]`.
 *
 * Starts the product (the whole AppModule over HTTP, as `npm start` does, on a fresh SQLite file
 * with the seeded roster of 247 people and personal links for all of them) and a bare Express
 * server with the same JSON body parser, in this process, and drives both with autocannon over
 * loopback, one scenario after another, `connections` (default 50) keep-alive connections for
 * `seconds` (default 10) each:
 *   participant read (GET …/registration), participant page (GET /r/:token), register (POST),
 *   change of session (PUT), cancel (DELETE) — each request with the next person's token.
 * Prints req/s, p50 and p99 per scenario, the ratio to bare Express (GET for reads, PUT for
 * writes), the 5xx count, the process's peak RSS, and the final invariant check (confirmed ≤
 * capacity, counters equal rows, one live invitation per confirmed registration). Bounded: every
 * scenario stops after `seconds`. Loopback only.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import express from 'express';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { bootstrapHttp } from '../src/bootstrap';
import { TransactionRunner } from '../src/database/transaction-runner';
import { WRITER_DATA_SOURCE } from '../src/database/writer';
import { OrganisationService } from '../src/organisation/organisation.service';
import { Participant } from '../src/organisation/participant.entity';
import { TrainingRun } from '../src/training/training-run.entity';
import { TrainingSession } from '../src/training/training-session.entity';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 50);

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors5xx: number;
  non2xx: number;
}

async function drive(name: string, url: string, requests: (i: number) => { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Figures> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (req) => ({ ...req, ...requests(i++) }) as typeof req }],
  });
  const errors5xx = result['5xx'];
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors5xx, non2xx: result.non2xx };
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  process.env.DATABASE_PATH = join(dir, 'app.sqlite');
  process.env.MAIL_OUTBOX_DIR = join(dir, 'outbox');
  process.env.DISPATCH_INTERVAL_MS = '0';
  process.env.LOG_LEVEL = 'silent';
  process.env.ORGANISER_PASSWORD = 'bench-password-1';
  process.env.CLOCK_START = '2021-03-22T09:00:00+08:00';
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const app = bootstrapHttp(await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: ['error'] }));
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const writer = app.get<DataSource>(WRITER_DATA_SOURCE);
  const run = await writer.getRepository(TrainingRun).findOneByOrFail({});
  await writer.getRepository(TrainingRun).update(run.id, { status: 'open' });
  const sessions = await writer.getRepository(TrainingSession).find({ where: { runId: run.id }, order: { ordinal: 'ASC' } });
  const people = await writer.getRepository(Participant).find({ order: { id: 'ASC' } });
  const tokens = await app.get(TransactionRunner).run(async (m) => {
    const out: string[] = [];
    for (const p of people) out.push(await app.get(OrganisationService).issueToken(m, p.id));
    return out;
  });
  const bare = await bareExpress();
  const json = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
  const registrationPath = `/api/runs/${run.id}/registration`;
  const session = (i: number) => sessions[i % sessions.length].id;

  const figures: Figures[] = [];
  figures.push(await drive('bare Express GET', bare.url, () => ({ method: 'GET', path: registrationPath })));
  figures.push(await drive('bare Express PUT', bare.url, (i) => ({ method: 'PUT', path: registrationPath, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ preferredSessionIds: [session(i)] }) })));
  // Everyone registers once (the rest of the scenario then meets "already registered": 409s count as non-2xx).
  figures.push(await drive('register (POST)', url, (i) => ({ method: 'POST', path: registrationPath, headers: json(tokens[i % tokens.length]), body: JSON.stringify({ preferredSessionIds: [session(i), session(i + 1)] }) })));
  figures.push(await drive('participant read (GET …/registration)', url, (i) => ({ method: 'GET', path: registrationPath, headers: json(tokens[i % tokens.length]) })));
  figures.push(await drive('participant page (GET /r/:token)', url, (i) => ({ method: 'GET', path: `/r/${tokens[i % tokens.length]}` })));
  figures.push(await drive('change of session (PUT)', url, (i) => ({ method: 'PUT', path: registrationPath, headers: json(tokens[i % tokens.length]), body: JSON.stringify({ preferredSessionIds: [session(i + (i % 2))] }) })));
  figures.push(await drive('cancel (DELETE)', url, (i) => ({ method: 'DELETE', path: registrationPath, headers: json(tokens[i % tokens.length]) })));
  clearInterval(sampler);

  const [getBase, putBase] = [figures[0].rps, figures[1].rps];
  console.log(`\nbench:load — ${CONNECTIONS} connections, ${SECONDS} s per scenario, ${people.length} participants, SQLite (${process.env.DATABASE_PATH})\n`);
  console.log('| scenario | req/s | p50 ms | p99 ms | ratio to bare Express | 5xx | non-2xx |');
  console.log('|---|---|---|---|---|---|---|');
  for (const f of figures) {
    const base = f.name.includes('GET') || f.name.includes('read') || f.name.includes('page') ? getBase : putBase;
    const ratio = f.name.startsWith('bare') ? '—' : `${((100 * f.rps) / base).toFixed(1)} %`;
    console.log(`| ${f.name} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${ratio} | ${f.errors5xx} | ${f.non2xx} |`);
  }
  console.log(`\npeak RSS ${(peakRss / 1048576).toFixed(0)} MB`);

  const q = (sql: string) => writer.query(sql);
  const overbooked = await q(`SELECT id FROM training_session s WHERE s."confirmedCount" > s.capacity OR s."confirmedCount" <> (SELECT COUNT(*) FROM registration r WHERE r."sessionId" = s.id AND r.status = 'confirmed')`);
  const missingInvitations = await q(`SELECT r.id FROM registration r WHERE r.status = 'confirmed' AND (SELECT COUNT(*) FROM calendar_invitation c WHERE c."participantId" = r."participantId" AND c."sessionId" = r."sessionId" AND c.state = 'active') <> 1`);
  const total5xx = figures.reduce((n, f) => n + f.errors5xx, 0);
  console.log(`invariants: sessions over capacity or miscounted ${overbooked.length}; confirmed registrations without exactly one live invitation ${missingInvitations.length}; 5xx ${total5xx}`);
  bare.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  if (overbooked.length || missingInvitations.length || total5xx) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
