import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { bootstrapHttp } from '../../src/bootstrap';
import { Clock } from '../../src/common/clock';
import { APP_CONFIG, AppConfig, loadConfig } from '../../src/config/app-config';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { WRITER_DATA_SOURCE } from '../../src/database/writer';
import { DispatcherService } from '../../src/invitations/dispatcher.service';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { OutboxSecretsService, SECRET_PLACEHOLDER } from '../../src/invitations/outbox-secrets.service';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { Participant } from '../../src/organisation/participant.entity';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { FakeClock } from './fake-clock';
import { createTestDatabase } from './test-database';

/** The organiser password every test app is made with. */
export const ORGANISER_PASSWORD = 'test-password-123';

/** Before the seeded run's deadline (2021-04-07 17:00 Shanghai). */
export const MARCH_2021 = '2021-03-22T01:00:00Z';

/**
 * A real application on a database of its own (a temporary SQLite file, or a fresh PostgreSQL
 * database when TEST_DATABASE_URL is set), with a hand-driven clock and dispatcher.
 */
export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  config: AppConfig;
  clock: FakeClock;
  dataSource: DataSource;
  dir: string;
  get<T>(type: new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * Boots the whole app (real migrations, seed, pages, filters) on a fresh database (see
 * test-database.ts), dropped on close. `env` overrides configuration as the environment would
 * (e.g. SMTP_URL); with DATABASE_PATH or DATABASE_URL in `env` the app uses that database and
 * leaves it in place (restarts, several instances on one database).
 */
export async function createTestApp(env: Record<string, string> = {}, clockStart: string = MARCH_2021): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'training-e2e-'));
  const database = env.DATABASE_PATH || env.DATABASE_URL ? undefined : await createTestDatabase(dir);
  const config = loadConfig({
    ...database?.env,
    MAIL_OUTBOX_DIR: join(dir, 'outbox'),
    DISPATCH_INTERVAL_MS: '0',
    REMINDER_INTERVAL_MS: '0',
    DISPATCH_RETRY_BASE_MS: '1',
    LOG_LEVEL: 'silent',
    ORGANISER_PASSWORD,
    ...env,
  });
  const clock = new FakeClock(clockStart);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = bootstrapHttp(moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] }));
  await app.init();
  // The writing connection: test set-up writes go where the app writes (reads use their own).
  const dataSource = app.get<DataSource>(WRITER_DATA_SOURCE);
  return {
    app,
    http: request(app.getHttpServer()),
    config,
    clock,
    dataSource,
    dir,
    get: (type) => app.get(type),
    close: async () => {
      await app.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the seeded run for participants (as "open registration" does, without mailing links). */
export async function openRun(t: TestApp): Promise<{ run: TrainingRun; sessions: TrainingSession[] }> {
  const run = await t.dataSource.getRepository(TrainingRun).findOneByOrFail({ slug: '2021-04-judicial-office-directors' });
  await t.dataSource.getRepository(TrainingRun).update(run.id, { status: 'open' });
  const sessions = await t.dataSource.getRepository(TrainingSession).find({ where: { runId: run.id }, order: { ordinal: 'ASC' } });
  return { run: { ...run, status: 'open' }, sessions };
}

/** Sets a session's capacity directly (test set-up, not the organiser path). */
export async function setCapacity(t: TestApp, sessionId: number, capacity: number): Promise<void> {
  await t.dataSource.getRepository(TrainingSession).update(sessionId, { capacity });
}

/** Issues personal-link tokens for the first `n` seeded participants; returns them with their ids. */
export async function participantsWithTokens(t: TestApp, n: number): Promise<{ id: number; email: string; name: string; token: string }[]> {
  const people = await t.dataSource.getRepository(Participant).find({ order: { id: 'ASC' }, take: n });
  const organisation = t.get(OrganisationService);
  return t.get(TransactionRunner).run(async (m) => {
    const out = [];
    for (const p of people) out.push({ id: p.id, email: p.email, name: p.name, token: await organisation.issueToken(m, p.id) });
    return out;
  });
}

/** Delivers everything the outbox holds. */
export function deliverAll(t: TestApp): Promise<void> {
  return t.get(DispatcherService).drain();
}

const csrfByCookie = new Map<string, string>();

/** Opens the sign-in form: its CSRF cookie and the matching hidden field. */
export async function loginForm(t: TestApp): Promise<{ cookie: string; csrf: string }> {
  const form = await t.http.get('/admin/login');
  const cookie = (form.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('login_csrf='))!.split(';')[0];
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(form.text)![1] };
}

/** Signs in (as the organiser by default); returns the Cookie header value. Use `asOrganiser(cookie)` for headers. */
export async function organiserCookie(t: TestApp, username = 'organiser', password = ORGANISER_PASSWORD): Promise<string> {
  const { cookie: pre, csrf } = await loginForm(t);
  const res = await t.http.post('/admin/login').set('Cookie', pre).type('form').send({ username, password, _csrf: csrf });
  const cookie = (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('sid='));
  if (!cookie) throw new Error(`login failed: ${res.status}`);
  const sid = cookie.split(';')[0];
  const session = await t.http.get('/api/admin/session').set('Cookie', sid).expect(200);
  csrfByCookie.set(sid, session.body.csrfToken);
  return sid;
}

/** Headers of a signed-in request: the session cookie and its CSRF token. */
export function asOrganiser(cookie: string): Record<string, string> {
  return { Cookie: cookie, 'X-CSRF-Token': csrfByCookie.get(cookie) ?? '' };
}

/**
 * The personal link (`/r/<token>`) in the newest link mail to `email`, as the mail will carry it:
 * the stored body has a placeholder and the link is sealed until sent (issue 9 item 5).
 */
export async function personalLinkFor(t: TestApp, email: string): Promise<string> {
  const mail = await t.dataSource.getRepository(OutboxMessage).findOneOrFail({ where: { kind: 'personal-link', recipientAddress: email }, order: { id: 'DESC' } });
  const text = mail.sealedSecret ? mail.textBody.split(SECRET_PLACEHOLDER).join(t.get(OutboxSecretsService).open(mail.sealedSecret)) : mail.textBody;
  const found = /(\/r\/[A-Za-z0-9_-]{43})\b/.exec(text);
  if (!found) throw new Error(`no personal link in the mail to ${email}`);
  return found[1];
}
