import { DataSource } from 'typeorm';

/**
 * Applies pending migrations in one transaction.
 *
 * SQLite alters most tables by rebuilding them (create a copy, DROP the old one, rename). With
 * foreign keys on, that DROP deletes every child row through ON DELETE CASCADE (case C09,
 * typeorm/typeorm#2584). Following the SQLite manual's procedure, foreign-key enforcement is
 * switched off around the migrations (it cannot change inside a transaction) and
 * `PRAGMA foreign_key_check` must come back empty before it is switched on again.
 * @throws Error when a migration fails (rolled back) or leaves dangling references.
 * @returns the names of the migrations applied.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const sqlite = dataSource.options.type === 'sqlite';
  if (sqlite) await dataSource.query('PRAGMA foreign_keys = OFF');
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    if (sqlite) {
      const dangling = await dataSource.query('PRAGMA foreign_key_check');
      if (dangling.length > 0) {
        throw new Error(`Migrations left ${dangling.length} dangling foreign keys: ${JSON.stringify(dangling.slice(0, 5))}`);
      }
    }
    return applied.map((migration) => migration.name);
  } finally {
    if (sqlite) await dataSource.query('PRAGMA foreign_keys = ON');
  }
}
