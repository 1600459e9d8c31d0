/**
 * Invitation benchmark: `npx ts-node --transpile-only bench/invites.bench.ts [count] [latencyMs]`.
 *
 * 1. Build: `count` (default 10,000) REQUEST files for reference session R1, one per person, built
 *    once per session (`InvitationTemplate.compile(R1)`, counted, then `build(person)`), against the
 *    per-person ics build (`buildInvitationWithIcs`, on a tenth as many, after 300 untimed); files per second, target
 *    ≥ 10,000 / s. Every built file is checked equal to the per-person build for a sample. Also
 *    the whole mail as queued (calendar and bodies, InvitationComposer).
 * 2. Delivery: queues `count` outbox messages (each with its calendar, four per recipient) in a
 *    temporary SQLite file and delivers them with the real DispatcherService and pooled SMTP to an
 *    smtp-server sink on loopback; then the same messages with raw pooled nodemailer (the same
 *    pool options and size, 2 × pool size handed over at a time, as the dispatcher does) to the same sink, before and
 *    after the outbox run; prints both rates and outbox ÷ mean(raw), target ≥ 80 %. `latencyMs`
 *    (default 0) delays the sink's answer to each message, as a distant server would. Bounded: it
 *    stops when everything is sent, or after ten minutes with an error. The sink runs in this
 *    process, so its CPU time counts too.
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
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { loadConfig } from '../src/config/app-config';
import { buildInvitation, buildInvitationWithIcs, InvitationTemplate } from '../src/invitations/ical/invitation-builder';
import { InvitationComposer } from '../src/invitations/mail/invitation-composer';
import { toNodemailerMessage } from '../src/invitations/mail/invitation-mail';
import { MailTemplatesService } from '../src/invitations/mail-templates.service';
import type { TrainingRun } from '../src/training/training-run.entity';
import type { TrainingSession } from '../src/training/training-session.entity';
import { smtpPoolOptions } from '../src/invitations/mail-transport.service';
import { OutboxService } from '../src/invitations/outbox.service';
import { referenceSession } from '../test/fixtures/reference-session';

const COUNT = Number(process.argv[2] ?? 10_000);
const RECIPIENTS = Math.max(1, Math.floor(COUNT / 4)); // four messages per recipient: order matters
const LATENCY_MS = Number(process.argv[3] ?? 0);
const DEADLINE_MS = 10 * 60_000;

const R1 = referenceSession({ method: 'REQUEST', uid: 'bench-0@training.example.org', dtstamp: new Date('2021-03-22T01:00:00Z'), description: '全市司法所长培训班\n主题：基层法治建设、人民调解' });

const person = (i: number) => ({
  uid: `bench-${i}@training.example.org`,
  sequence: i % 5,
  dtstamp: R1.dtstamp,
  attendee: { name: `参训人员${i}·${'长名字'.repeat(i % 9)}`, email: `p${i}@district-${i % 16}.example.org` },
});

function timed(n: number, work: (i: number) => string): { perSecond: number; ms: number } {
  const started = process.hrtime.bigint();
  let octets = 0;
  for (let i = 0; i < n; i++) octets += work(i).length;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (octets === 0) throw new Error('nothing built');
  return { perSecond: (n * 1000) / ms, ms };
}

type Rate = { perSecond: number; ms: number };

/** The whole mail as InvitationsService queues it (calendar, subject, text and HTML bodies), composer made inside the timing. */
function benchCompose(): Rate {
  const session = { title: R1.summary, firstDay: R1.firstDay, dayCount: R1.dayCount, dailyStart: R1.dailyStart, dailyEnd: R1.dailyEnd, venue: R1.location } as TrainingSession;
  const run = { title: '全市司法所长培训班', topics: '基层法治建设\n人民调解', registrationDeadline: new Date('2021-04-01T10:00:00Z') } as TrainingRun;
  let composer: InvitationComposer | undefined;
  return timed(COUNT, (i) => {
    composer ??= new InvitationComposer(new MailTemplatesService(), R1.organizer);
    const p = person(i);
    const mail = composer.compose(session, run, 'REQUEST', 'confirmed', { participant: p.attendee, invitation: p, excludedDays: [], dtstamp: p.dtstamp });
    return mail.calendar + mail.html + mail.text;
  });
}

function benchBuild(): { once: Rate; perPerson: Rate; compose: Rate } {
  for (let i = 0; i < 300; i++) buildInvitationWithIcs({ ...R1, ...person(i) }); // warm-up (JIT), not timed
  const perPerson = timed(Math.ceil(COUNT / 10), (i) => buildInvitationWithIcs({ ...R1, ...person(i) }));
  let template: InvitationTemplate | undefined; // compiled inside the timing, on the first person
  const once = timed(COUNT, (i) => (template ??= InvitationTemplate.compile(R1)).build(person(i)));
  for (let i = 0; i < COUNT; i += 97) {
    if (buildInvitation({ ...R1, ...person(i) }) !== buildInvitationWithIcs({ ...R1, ...person(i) })) throw new Error(`build-once differs for person ${i}`);
  }
  return { once, perPerson, compose: benchCompose() };
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

/**
 * Raw pooled nodemailer: the messages handed to one pool of `connections`, `2 × connections` at
 * a time (handing all 10,000 over at once measured slower: nodemailer then holds them all).
 */
async function benchRaw(url: string, connections: number, messages: Mail.Options[], sink: { received: () => number }): Promise<number> {
  const transporter = createTransport(smtpPoolOptions(url, connections));
  const before = sink.received();
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < messages.length) await transporter.sendMail(messages[next++]);
  };
  await Promise.all(Array.from({ length: 2 * connections }, worker));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  transporter.close();
  if (sink.received() - before !== messages.length) throw new Error(`raw: sink received ${sink.received() - before} of ${messages.length}`);
  return (messages.length * 1000) / ms;
}

interface DeliveryFigures { perSecond: number; ms: number; received: number; raw: number[]; connections: number }

async function benchDelivery(): Promise<DeliveryFigures> {
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
    const config = loadConfig(process.env);
    const connections = config.mail.dispatchConcurrency;
    const url = process.env.SMTP_URL!;
    const rawMessages = Array.from({ length: COUNT }, (_, i) =>
      toNodemailerMessage({
        from: { name: config.mail.fromName, address: config.mail.fromAddress },
        to: { name: `参训人员${i % RECIPIENTS}`, address: `p${i % RECIPIENTS}@example.org` },
        subject: '【参训确认】全市司法所长培训班（第一期）',
        text: '您已确认参加以下培训。',
        html: '<p>您已确认参加以下培训。</p>',
        messageId: `<raw-${i}@bench.example.org>`,
        date: R1.dtstamp,
        calendar: { method: 'REQUEST', content },
      }),
    );
    const raw = [await benchRaw(url, connections, rawMessages, sink)];
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
    const base = sink.received();
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    while (sink.received() - base < COUNT) {
      if (elapsed() > DEADLINE_MS) throw new Error(`only ${sink.received() - base} of ${COUNT} delivered in ${DEADLINE_MS / 1000} s`);
      const report = await dispatcher.dispatchDue();
      if (report.retried + report.failed > 0) throw new Error(`delivery failed: ${JSON.stringify(report)}`);
      if (report.sent === 0) break;
    }
    const ms = elapsed();
    const [{ n }] = await app.get<DataSource>(getDataSourceToken()).query(`SELECT COUNT(*) AS n FROM outbox_message WHERE status = 'sent'`);
    const received = sink.received() - base;
    if (Number(n) !== COUNT || received !== COUNT) throw new Error(`sent ${n}, sink received ${received}, expected ${COUNT}`);
    raw.push(await benchRaw(url, connections, rawMessages, sink));
    return { perSecond: (COUNT * 1000) / ms, ms, received, raw, connections };
  } finally {
    await app.close();
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const build = benchBuild();
  console.log(`build per person (ics each time): ${Math.ceil(COUNT / 10)} files in ${build.perPerson.ms.toFixed(0)} ms → ${build.perPerson.perSecond.toFixed(0)} /s`);
  console.log(
    `build once per session: ${COUNT} files in ${build.once.ms.toFixed(0)} ms → ${build.once.perSecond.toFixed(0)} /s ` +
      `(target ≥ 10,000 /s: ${build.once.perSecond >= 10_000 ? 'met' : 'NOT met'}; ${(build.once.perSecond / build.perPerson.perSecond).toFixed(1)}× per person)`,
  );
  console.log(`compose whole mail (calendar + bodies) once per session: ${build.compose.perSecond.toFixed(0)} /s`);
  const d = await benchDelivery();
  const raw = (d.raw[0] + d.raw[1]) / 2;
  console.log(`raw nodemailer, pool of ${d.connections}: ${d.raw.map((r) => r.toFixed(0)).join(' / ')} /s (before / after the outbox run)`);
  console.log(
    `outbox delivery: ${d.received} messages (${RECIPIENTS} recipients) in ${d.ms.toFixed(0)} ms → ${d.perSecond.toFixed(0)} /s` +
      ` (DISPATCH_CONCURRENCY=${d.connections}, sink latency ${LATENCY_MS} ms)`,
  );
  const ratio = d.perSecond / raw;
  console.log(`outbox ÷ raw nodemailer: ${(ratio * 100).toFixed(0)} % (target ≥ 80 %: ${ratio >= 0.8 ? 'met' : 'NOT met'})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
