import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { bootstrapHttp } from '../../src/bootstrap';
import { Clock } from '../../src/common/clock';
import { APP_CONFIG, loadConfig } from '../../src/config/app-config';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { WRITER_DATA_SOURCE } from '../../src/database/writer';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { Participant } from '../../src/organisation/participant.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { ORGANISER_PASSWORD } from '../utils/test-app';
import { createTestDatabase, TestDatabase } from '../utils/test-database';

const REPLAY_START = '2021-03-22T09:00:00+08:00';

/** The whole app with its real (replay) clock, as `npm start` runs it. */
async function boot(database: TestDatabase, dir: string, clockStart: string) {
  const config = loadConfig({ ...database.env, MAIL_OUTBOX_DIR: join(dir, 'outbox'), DISPATCH_INTERVAL_MS: '0', ORGANISER_PASSWORD, CLOCK_START: clockStart });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(APP_CONFIG).useValue(config).compile();
  const app = bootstrapHttp(moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] }));
  await app.init();
  return { app, dataSource: app.get<DataSource>(WRITER_DATA_SOURCE), clock: app.get(Clock), http: request(app.getHttpServer()) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Issue 9, item 2: the replay clock resumes across restarts and stamps every stored time. */
describe('The product clock across restarts', () => {
  let dir: string;
  let database: TestDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'product-clock-'));
    database = await createTestDatabase(dir);
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function waitlist(booted: Awaited<ReturnType<typeof boot>>, participantIndex: number): Promise<Registration> {
    const run = await booted.dataSource.getRepository(TrainingRun).findOneByOrFail({});
    const people = await booted.dataSource.getRepository(Participant).find({ order: { id: 'ASC' }, skip: participantIndex, take: 1 });
    const token = await booted.app.get(TransactionRunner).run((m) => booted.app.get(OrganisationService).issueToken(m, people[0].id));
    const sessions = await booted.dataSource.getRepository(TrainingSession).findBy({ runId: run.id });
    const res = await booted.http.post(`/api/runs/${run.id}/registration`).set('Authorization', `Bearer ${token}`).send({ preferredSessionIds: [sessions[0].id] });
    expect(res.status).toBe(201);
    return booted.dataSource.getRepository(Registration).findOneByOrFail({ id: res.body.id });
  }

  it('never runs backwards: a restart resumes the clock, the waitlist keeps its order, stored times are product times', async () => {
    const first = await boot(database, dir, REPLAY_START);
    const run = await first.dataSource.getRepository(TrainingRun).findOneByOrFail({});
    await first.dataSource.getRepository(TrainingRun).update(run.id, { status: 'open' });
    await first.dataSource.getRepository(TrainingSession).update({ runId: run.id }, { capacity: 0 });
    const early = await waitlist(first, 0);
    expect(early.status).toBe('waitlisted');
    // createdAt and updatedAt come from the product clock (April 2021), not the database's now().
    expect(early.createdAt.toISOString().slice(0, 7)).toBe('2021-03');
    expect(early.updatedAt.toISOString().slice(0, 7)).toBe('2021-03');
    await sleep(1500);
    const beforeRestart = first.clock.now().getTime();
    await first.app.close();

    const second = await boot(database, dir, REPLAY_START);
    expect(second.clock.now().getTime()).toBeGreaterThanOrEqual(beforeRestart);
    const late = await waitlist(second, 1);
    expect(late.queuedAt!.getTime()).toBeGreaterThan(early.queuedAt!.getTime());
    const audit = await second.dataSource.getRepository(AuditEvent).find({ order: { id: 'ASC' } });
    const times = audit.map((a) => a.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    await second.app.close();

    // A CLOCK_START earlier than the time reached is ignored; a later one moves the clock on.
    const earlier = await boot(database, dir, '2021-03-01T09:00:00+08:00');
    expect(earlier.clock.now().getTime()).toBeGreaterThanOrEqual(beforeRestart);
    await earlier.app.close();
    const later = await boot(database, dir, '2021-04-01T09:00:00+08:00');
    expect(later.clock.now().toISOString().slice(0, 10)).toBe('2021-04-01');
    await later.app.close();
  });
});
