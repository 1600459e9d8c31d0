import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * The PostgreSQL server the suite runs on (`TEST_DATABASE_URL=postgres://app@127.0.0.1:PORT/postgres`,
 * set by `npm run test:postgres`); unset: every test app gets its own SQLite file.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** True when this run of the suite is on PostgreSQL. */
export const ON_POSTGRES = TEST_DATABASE_URL !== undefined;

/**
 * `describe` on SQLite, `describe.skip` on PostgreSQL, for specs that test SQLite itself (PRAGMAs,
 * table rebuilds, a full tmpfs under the database file). The reason is part of the title, so the
 * skipped block says why in Jest's output.
 */
export function describeSqliteOnly(title: string, reason: string, body: () => void): void {
  if (ON_POSTGRES) describe.skip(`${title} [skipped on PostgreSQL: ${reason}]`, body);
  else describe(title, body);
}

/** A database of its own for one test app (or for several instances sharing it). */
export interface TestDatabase {
  /** Environment that points the app at it: DATABASE_PATH (SQLite) or DATABASE_URL (PostgreSQL). */
  env: Record<string, string>;
  /** Removes it (PostgreSQL: DROP DATABASE, closing leftover connections); SQLite files go with their directory. */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database: on SQLite `app.sqlite` in `dir`; on PostgreSQL `CREATE DATABASE
 * test_<random>` on the TEST_DATABASE_URL server.
 */
export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) return { env: { DATABASE_PATH: join(dir, 'app.sqlite') }, drop: async () => undefined };
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** `describe` on PostgreSQL, `describe.skip` on SQLite (features of a shared server: several instances on one database). */
export function describePostgresOnly(title: string, reason: string, body: () => void): void {
  if (ON_POSTGRES) describe(title, body);
  else describe.skip(`${title} [skipped on SQLite: ${reason}]`, body);
}
