import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * TypeORM options for the app and the CLI: a SQLite file, `synchronize` always off (house
 * rule 5). Migrations are not run by TypeORM at connect time but by `runMigrations` (see
 * migrations-runner.ts), which keeps SQLite table rebuilds from cascading (case C09).
 */
export function buildDataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  if (config.database.path !== ':memory:') mkdirSync(dirname(config.database.path), { recursive: true });
  return {
    type: 'sqlite',
    database: config.database.path,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'all',
    synchronize: false,
    // Off by default: failed-query logs would print parameters, i.e. personal data (issue 6).
    logging: config.database.logging ? 'all' : false,
    // Another process (the CLI, a second instance) may hold the write lock for a moment.
    busyTimeout: 10_000,
    enableWAL: config.database.path !== ':memory:',
  };
}
