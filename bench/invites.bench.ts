/**
 * Invitation benchmark: `npx ts-node --transpile-only bench/invites.bench.ts [count] [latencyMs]`.
 *
 * 1. buildInvitation: builds `count` (default 10,000) REQUEST files for reference session R1 and
 *    reports files per second.
 * 2. Delivery: queues `count` outbox messages (each with its calendar) in a temporary SQLite file
 *    and delivers them with the real DispatcherService and pooled SMTP to an smtp-server sink on
 *    loopback; reports messages per second. `latencyMs` (default 0) delays the sink's answer to
 *    each message, as a distant server would. Bounded: it stops when everything is sent, or after
 *    ten minutes with an error. The sink runs in this process, so its CPU time counts too.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { TransactionRunner } from '../src/database/transaction-runner';
import { DispatcherService } from '../src/invitations/dispatcher.service';
import { buildInvitation } from '../src/invitations/ical/invitation-builder';
import { OutboxService } from '../src/invitations/outbox.service';
import { referenceSession } from '../test/fixtures/reference-session';

const COUNT = Number(process.argv[2] ?? 10_000);
const RECIPIENTS = Math.max(1, Math.floor(COUNT / 4)); // four messages per recipient: order matters
const LATENCY_MS = Number(process.argv[3] ?? 0);
const DEADLINE_MS = 10 * 60_000;

const R1 = referenceSession({ method: 'REQUEST', uid: 'bench-0@training.example.org', dtstamp: new Date('2021-03-22T01:00:00Z'), description: '全市司法所长培训班\n主题：基层法治建设、人民调解' });

function benchBuild(): { perSecond: number; ms: number } {
  const started = process.hrtime.bigint();
  let octets = 0;
  for (let i = 0; i < COUNT; i++) octets += buildInvitation({ ...R1, uid: `bench-${i}@training.example.org`, sequence: i % 5 }).length;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (octets === 0) throw new Error('nothing built');
  return { perSecond: (COUNT * 1000) / ms, ms };
}

async function startSink(): Promise<{ server: SMTPServer; port: number; received: () => number }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        if (LATENCY_MS > 0) setTimeout(callback, LATENCY_MS);
        else callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  return { server, port, received: () => received };
}

async function benchDelivery(): Promise<{ perSecond: number; ms: number; received: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'invites-bench-'));
  const sink = await startSink();
  Object.assign(process.env, {
    DATABASE_PATH: join(dir, 'bench.sqlite'),
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    DISPATCH_INTERVAL_MS: '0',
    SEED_ON_START: 'false',
    ORGANISER_PASSWORD: 'bench-password-1',
  });
  // The whole application without HTTP, background dispatcher off: passes are driven here.
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const outbox = app.get(OutboxService);
    const content = buildInvitation(R1);
    await app.get(TransactionRunner).run(async (m) => {
      for (let i = 0; i < COUNT; i++) {
        const r = i % RECIPIENTS;
        await outbox.enqueue(m, {
          kind: 'invitation',
          recipientAddress: `p${r}@example.org`,
          recipientName: `参训人员${r}`,
          subject: '【参训确认】全市司法所长培训班（第一期）',
          textBody: '您已确认参加以下培训。',
          htmlBody: '<p>您已确认参加以下培训。</p>',
          calendar: { method: 'REQUEST', content, uid: `bench-${i}@training.example.org` },
        });
      }
    });
    const dispatcher = app.get(DispatcherService);
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    while (sink.received() < COUNT) {
      if (elapsed() > DEADLINE_MS) throw new Error(`only ${sink.received()} of ${COUNT} delivered in ${DEADLINE_MS / 1000} s`);
      const report = await dispatcher.dispatchDue();
      if (report.retried + report.failed > 0) throw new Error(`delivery failed: ${JSON.stringify(report)}`);
      if (report.sent === 0) break;
    }
    const ms = elapsed();
    const [{ n }] = await app.get<DataSource>(getDataSourceToken()).query(`SELECT COUNT(*) AS n FROM outbox_message WHERE status = 'sent'`);
    if (Number(n) !== COUNT || sink.received() !== COUNT) throw new Error(`sent ${n}, sink received ${sink.received()}, expected ${COUNT}`);
    return { perSecond: (COUNT * 1000) / ms, ms, received: sink.received() };
  } finally {
    await app.close();
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const build = benchBuild();
  console.log(`buildInvitation: ${COUNT} files in ${build.ms.toFixed(0)} ms → ${build.perSecond.toFixed(0)} /s`);
  const delivery = await benchDelivery();
  console.log(
    `delivery: ${delivery.received} messages (${RECIPIENTS} recipients) in ${delivery.ms.toFixed(0)} ms → ${delivery.perSecond.toFixed(0)} /s` +
      ` (DISPATCH_CONCURRENCY=${process.env.DISPATCH_CONCURRENCY ?? 'default'}, sink latency ${LATENCY_MS} ms)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
