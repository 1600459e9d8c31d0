import { defaults as pgDefaults, types as pgTypes } from 'pg';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** OID of PostgreSQL's `timestamp without time zone`, the column type of the entities' `Date` fields. */
const TIMESTAMP_OID = 1114;

/**
 * PostgreSQL connection options (DATABASE_URL=postgres://…).
 *
 * The entities' `Date` columns are `timestamp without time zone` (the type TypeORM maps `Date`
 * to, so the same entities serve SQLite). node-postgres would write and read them in the
 * process's local time zone, which differs between instances and repeats an hour each autumn;
 * here they are written and read as UTC instead, and the session time zone is UTC too (so
 * `now()` defaults agree). Each instance keeps a pool of `poolSize` connections; transactions
 * run concurrently (no in-process queue as on SQLite).
 */
export function postgresOptions(url: string, poolSize = 10): Pick<PostgresConnectionOptions, 'type' | 'url' | 'extra'> {
  pgDefaults.parseInputDatesAsUTC = true;
  return {
    type: 'postgres',
    url,
    extra: {
      max: poolSize,
      options: '-c TimeZone=UTC',
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          oid === TIMESTAMP_OID ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : pgTypes.getTypeParser(oid, format),
      },
    },
  };
}
