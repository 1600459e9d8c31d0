import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';
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
    // Another process (the CLI, a second instance) may hold the write lock for a moment.
    busyTimeout: 10_000,
    enableWAL: config.database.path !== ':memory:',
  };
}

/** A short, password-free name of the configured database for logs. */
export function describeDatabase(config: Pick<AppConfig, 'database'>): string {
  if (!config.database.url) return config.database.path;
  const u = new URL(config.database.url);
  return `postgres ${u.hostname}:${u.port || 5432}${u.pathname}`;
}
