import { DataSource } from 'typeorm';
import { STARTUP_TURN_KEYS } from './startup-turns';

/**
 * Applies pending migrations in one transaction.
 *
 * SQLite alters most tables by rebuilding them (create a copy, DROP the old one, rename). With
 * foreign keys on, that DROP deletes every child row through ON DELETE CASCADE (case C09,
 * typeorm/typeorm#2584). Following the SQLite manual's procedure, foreign-key enforcement is
 * switched off around the transaction (it cannot change inside one), and
 * `PRAGMA foreign_key_check` must come back empty BEFORE the commit: otherwise everything is
 * rolled back and the boot stops.
 * @throws Error when a migration fails or leaves dangling references (nothing is kept).
 * @returns the names of the migrations applied.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type === 'postgres') return runPostgresMigrations(dataSource);
  if (dataSource.options.type !== 'sqlite') {
    return (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  await runner.query('PRAGMA foreign_keys = OFF');
  try {
    await runner.startTransaction();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'none' });
      const dangling = await runner.query('PRAGMA foreign_key_check');
      if (dangling.length > 0) {
        throw new Error(`Migrations would leave ${dangling.length} dangling foreign keys, rolled back: ${JSON.stringify(dangling.slice(0, 5))}`);
      }
      await runner.commitTransaction();
      return applied.map((migration) => migration.name);
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.query('PRAGMA foreign_keys = ON');
    await runner.release();
  }
}

/** Key of the session-level advisory lock that serialises migrations between instances. */
const MIGRATION_LOCK_KEY = STARTUP_TURN_KEYS.migrations;

/**
 * PostgreSQL: DDL is transactional, so all pending migrations run in one transaction. Several
 * instances may boot at once on one database: an advisory lock held on a separate connection
 * makes the others wait, then find nothing left to apply.
 */
async function runPostgresMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    return (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
