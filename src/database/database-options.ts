import { mkdirSync } from 'node:fs';
import * as sqlite3 from 'sqlite3';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { postgresOptions } from './postgres-options';

/**
 * TypeORM options for the app and the CLI: PostgreSQL when `DATABASE_URL` is set (see
 * postgres-options.ts), otherwise a SQLite file; `synchronize` always off (house rule 5).
 * Migrations are not run by TypeORM at connect time but by `runMigrations` (see
 * migrations-runner.ts), which keeps SQLite table rebuilds from cascading (case C09).
 */
export function buildDataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'all' as const,
    synchronize: false,
    // Off by default: failed-query logs would print parameters, i.e. personal data (issue 6).
    logging: config.database.logging ? ('all' as const) : false,
  };
  if (config.database.url) return { ...common, ...postgresOptions(config.database.url) };
  if (config.database.path !== ':memory:') mkdirSync(dirname(config.database.path), { recursive: true });
  return {
    ...common,
    type: 'sqlite',
    database: config.database.path,
    driver: quietSqlite3,
    // Another process (the CLI) may hold the write lock for a moment: wait up to 10 s for it.
    busyTimeout: 10_000,
    enableWAL: config.database.path !== ':memory:',
  };
}

/**
 * The sqlite3 module as TypeORM's driver, minus its `verbose()` mode: TypeORM calls
 * `sqlite3.verbose()`, which wraps every call in a long-stack-trace helper that captures a stack
 * and `util.inspect`s every argument (the SQL text and every parameter, mail bodies included) on
 * each statement. Measured on the write path (bench/profile-write.ts), that is CPU on the one
 * thread that serves everything, for error stacks we do not log. Errors keep their code.
 */
const quietSqlite3 = { ...sqlite3, verbose: (): object => quietSqlite3 };

/** A short, password-free name of the configured database for logs. */
export function describeDatabase(config: Pick<AppConfig, 'database'>): string {
  if (!config.database.url) return config.database.path;
  const u = new URL(config.database.url);
  return `postgres ${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** True when reads get a SQLite connection of their own (a file; not `:memory:`, not PostgreSQL). */
export function hasSeparateWriter(options: DataSourceOptions): boolean {
  return options.type === 'sqlite' && options.database !== ':memory:';
}

/**
 * Pragmas of the SQLite connections (issue 10, item 2), set on every connection at start:
 * - `journal_mode=WAL` (TypeORM's `enableWAL`): readers never wait for the writer, and each read
 *   sees one committed snapshot.
 * - `synchronous=FULL` on the writer: every COMMIT is on disk (fsync of the WAL) before the request
 *   is acknowledged, so not even a power cut loses an acknowledged registration. NORMAL would be
 *   safe against a process crash only. Its cost is paid once per batch, not per request: the
 *   TransactionRunner commits the units of work that queued up together (group-commit.ts).
 * - `busy_timeout` 10 s (TypeORM's `busyTimeout`): a lock held by another process (the password
 *   CLI) is waited for, then the request fails with 503, never 500.
 * - `wal_autocheckpoint` stays at SQLite's 1,000 pages (~4 MB): the WAL is folded back into the
 *   database in the background of a commit; `close` truncates it at shutdown.
 * - `query_only=ON` on the read connection: a write through it is a bug and fails loudly.
 */
export async function applySqlitePragmas(dataSource: DataSource, role: 'reader' | 'writer'): Promise<void> {
  if (dataSource.options.type !== 'sqlite') return;
  if (role === 'writer') await dataSource.query('PRAGMA synchronous = FULL');
  else await dataSource.query('PRAGMA query_only = ON');
}
