import { EntityManager } from 'typeorm';

/** PostgreSQL advisory-lock keys, one per start-up job that instances must take turns at. */
export const STARTUP_TURN_KEYS = { migrations: 1_795_987_737, seed: 1_795_987_738, firstAccount: 1_795_987_739 } as const;

/**
 * Makes instances that start at once on one PostgreSQL database take turns at a job (the seed, the first organiser account):
 * waits for the advisory lock `key` and holds it until the caller's transaction ends, so the
 * next instance finds the job done. On SQLite a no-op (one process per file).
 */
export async function takeTurn(m: EntityManager, key: number): Promise<void> {
  if (m.connection.options.type !== 'postgres') return;
  await m.query('SELECT pg_advisory_xact_lock($1)', [key]);
}
