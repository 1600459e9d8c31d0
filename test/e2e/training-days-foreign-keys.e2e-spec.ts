import { DataSource } from 'typeorm';
import { SignInCodesService } from '../../src/attendance/sign-in-codes.service';
import { TrainingDaysForeignKeys1796200001000 } from '../../src/database/migrations/1796200001000-training-days-foreign-keys';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { ReminderRulesService } from '../../src/messaging/reminder-rules.service';
import { RemindersService } from '../../src/messaging/reminders.service';
import { createTestApp, openRun, TestApp } from '../utils/test-app';
import { ON_POSTGRES } from '../utils/test-database';
import { confirmedIn, shanghai } from '../utils/training-days';

/**
 * Issue 11: the tables of the training days reference what they belong to (migration
 * 1796200001000), with ON DELETE as the domain wants: rows go with their registration, a sent
 * reminder's outbox row cannot be deleted, a dangling reference is refused.
 */
describe(`Foreign keys of the training-days tables on ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'} (issue 11)`, () => {
  let t: TestApp;
  let db: DataSource;
  let people: Awaited<ReturnType<typeof confirmedIn>>;
  let runId: number;
  let sessionId: number;
  const p = (i: number) => (ON_POSTGRES ? `$${i}` : '?');
  const count = async (sql: string, args: unknown[] = []) => Number((await db.query(`SELECT COUNT(*) AS n FROM ${sql}`, args))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.dataSource;
    const opened = await openRun(t);
    runId = opened.run.id;
    sessionId = opened.sessions[0].id;
    people = await confirmedIn(t, runId, opened.sessions[0], 2);
    await t.get(ReminderRulesService).add(runId, { kind: 'session', daysBefore: '3', sendAt: '09:00', note: '' });
    t.clock.set(shanghai('2021-04-09', '09:00'));
    expect(await t.get(RemindersService).runDue()).toBe(2);
    await t.get(TransactionRunner).run((m) => t.get(SignInCodesService).mailCode(m, people[0].registrationId));
  });
  afterAll(() => t.close());

  const attendance = (registrationId: number, participantId: number) =>
    db.query(
      `INSERT INTO attendance ("runId", "sessionId", "participantId", "registrationId", day, status, "signedInAt", method, "recordedBy", "recordedAt") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, '2021-04-12', 'present', NULL, 'roster', 'test', ${p(5)})`,
      [runId, sessionId, participantId, registrationId, new Date()],
    );

  it('refuses an attendance row, a sign-in code or a reminder delivery that points at nothing', async () => {
    await expect(attendance(999999, people[0].id)).rejects.toThrow(/FOREIGN KEY|foreign key/i);
    await expect(db.query(`INSERT INTO sign_in_code ("registrationId", "codeHash", channel, "createdAt") VALUES (999999, 'x', 'mail', ${p(1)})`, [new Date()])).rejects.toThrow(/FOREIGN KEY|foreign key/i);
    await expect(db.query(`UPDATE reminder_delivery SET "outboxMessageId" = 999999`)).rejects.toThrow(/FOREIGN KEY|foreign key/i);
    await expect(db.query(`UPDATE reminder_rule SET "runId" = 999999`)).rejects.toThrow(/FOREIGN KEY|foreign key/i);
  });

  it('a sent reminder keeps its outbox row: deleting that row is refused (it would let the reminder go twice)', async () => {
    const [{ id }] = await db.query(`SELECT "outboxMessageId" AS id FROM reminder_delivery LIMIT 1`);
    await expect(db.query(`DELETE FROM outbox_message WHERE id = ${p(1)}`, [id])).rejects.toThrow(/FOREIGN KEY|foreign key/i);
  });

  it('deleting a registration takes its attendance and sign-in codes with it (CASCADE)', async () => {
    await attendance(people[0].registrationId, people[0].id);
    expect(await count(`attendance WHERE "registrationId" = ${p(1)}`, [people[0].registrationId])).toBe(1);
    expect(await count(`sign_in_code WHERE "registrationId" = ${p(1)}`, [people[0].registrationId])).toBeGreaterThan(0);
    await db.query(`DELETE FROM registration WHERE id = ${p(1)}`, [people[0].registrationId]);
    expect(await count(`attendance WHERE "registrationId" = ${p(1)}`, [people[0].registrationId])).toBe(0);
    expect(await count(`sign_in_code WHERE "registrationId" = ${p(1)}`, [people[0].registrationId])).toBe(0);
  });

  it('SQLite: the table rebuilds of the migration keep every row (down, then up again)', async () => {
    if (ON_POSTGRES) return; // PostgreSQL adds the constraints with ALTER TABLE, no rebuild
    await attendance(people[1].registrationId, people[1].id);
    await t.get(TransactionRunner).run((m) => t.get(SignInCodesService).mailCode(m, people[1].registrationId));
    const before = await Promise.all(['attendance', 'sign_in_code', 'reminder_rule', 'reminder_delivery'].map((table) => count(table)));
    const runner = db.createQueryRunner();
    await runner.query('PRAGMA foreign_keys = OFF');
    try {
      const migration = new TrainingDaysForeignKeys1796200001000();
      await migration.down(runner);
      await migration.up(runner);
      expect(await runner.query('PRAGMA foreign_key_check')).toEqual([]);
    } finally {
      await runner.query('PRAGMA foreign_keys = ON');
      await runner.release();
    }
    expect(await Promise.all(['attendance', 'sign_in_code', 'reminder_rule', 'reminder_delivery'].map((table) => count(table)))).toEqual(before);
    expect(before.every((n) => n > 0)).toBe(true);
  });
});
