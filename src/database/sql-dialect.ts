import { DataSource, EntityManager, InsertQueryBuilder, ObjectLiteral } from 'typeorm';

/** Where a raw query runs: the app's DataSource or a transaction's EntityManager. */
export type QueryTarget = DataSource | EntityManager;

/** The DataSource behind a query target. */
export function dataSourceOf(target: QueryTarget): DataSource {
  return target instanceof EntityManager ? target.connection : target;
}

/** True when `target` talks to PostgreSQL (DATABASE_URL=postgres://…), false on SQLite. */
export function isPostgres(target: QueryTarget): boolean {
  return dataSourceOf(target).options.type === 'postgres';
}

/**
 * Runs raw SQL written with TypeORM's named parameters (`:name`, `:...list` for an array) on
 * either database: the driver turns them into its own placeholders (`?` on SQLite, `$1…` on
 * PostgreSQL), as query builders do. An empty `:...list` is invalid SQL on both; callers guard.
 */
export function queryNamed<T = ObjectLiteral[]>(target: QueryTarget, sql: string, params: ObjectLiteral = {}): Promise<T> {
  const [text, values] = dataSourceOf(target).driver.escapeQueryWithParameters(sql, params, {});
  return target.query(text, values);
}

/**
 * SQL for the Shanghai calendar day (UTC+8, no DST) of a UTC timestamp column, as `YYYY-MM-DD`
 * text on both databases. `column` is trusted SQL (a quoted column name), never user input.
 */
export function shanghaiDaySql(target: QueryTarget, column: string): string {
  return isPostgres(target) ? `to_char(${column} + interval '8 hours', 'YYYY-MM-DD')` : `date(${column}, '+8 hours')`;
}

/**
 * SQL for the first element of a JSON array of integers stored as text (TypeORM `simple-json`),
 * as an integer, null when the array is empty. `column` is trusted SQL, never user input.
 */
export function firstJsonIntegerSql(target: QueryTarget, column: string): string {
  return isPostgres(target) ? `CAST(CAST(${column} AS json) ->> 0 AS integer)` : `json_extract(${column}, '$[0]')`;
}

/**
 * Runs an `INSERT … orIgnore()` (SQLite `INSERT OR IGNORE`, PostgreSQL `ON CONFLICT DO NOTHING`)
 * and tells whether it wrote a row: false when a unique key kept an existing row, e.g. one a
 * concurrent transaction committed first. TypeORM's InsertResult cannot say so portably (on
 * SQLite its `raw` is the connection's last rowid, stale after an ignored insert). Entity listeners are
 * not called: the values must name every column (no @CreateDateColumn filled from the clock).
 */
export async function insertedIgnoringDuplicates(m: EntityManager, insert: InsertQueryBuilder<ObjectLiteral>): Promise<boolean> {
  const [sql, params] = insert.getQueryAndParameters();
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return Number(result.affected ?? 0) > 0;
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}
