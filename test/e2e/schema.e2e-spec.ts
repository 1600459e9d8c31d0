import { createTestApp, TestApp } from '../utils/test-app';
import { ON_POSTGRES } from '../utils/test-database';

/**
 * Issue 10, item 4: one migration list serves SQLite and PostgreSQL, and on each the schema it
 * builds is the one the entities describe (TypeORM's schema builder finds nothing to change).
 */
describe(`The migrated schema on ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches the entities: the schema builder reports no pending changes', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('keeps the staffing history append-only (trigger), the capacity CHECK and one active registration per participant', async () => {
    const db = t.dataSource;
    const p = (i: number) => (ON_POSTGRES ? `$${i}` : '?');
    await db.query(`INSERT INTO staffing_history ("subjectType", "subjectId", action, summary, changes, actor, at) VALUES ('staff', 1, 'created', 's', '{}', 'test', ${p(1)})`, [new Date()]);
    await expect(db.query(`UPDATE staffing_history SET summary = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM staffing_history`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE training_session SET "confirmedCount" = capacity + 1`)).rejects.toThrow(/CHECK|check constraint/i);
    const [run] = await db.query(`SELECT id FROM training_run LIMIT 1`);
    const [person] = await db.query(`SELECT id FROM participant LIMIT 1`);
    const insert = `INSERT INTO registration ("runId", "participantId", status, preferences, "updatedBy") VALUES (${p(1)}, ${p(2)}, ${p(3)}, '[]', 'organiser')`;
    await db.query(insert, [run.id, person.id, 'cancelled']);
    await db.query(insert, [run.id, person.id, 'waitlisted']);
    await expect(db.query(insert, [run.id, person.id, 'confirmed'])).rejects.toThrow(/UNIQUE|unique/);
  });
});
