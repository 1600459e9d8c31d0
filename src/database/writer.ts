import { Inject } from '@nestjs/common';

/**
 * Injection token of the DataSource that writes. On a SQLite file it is a connection of its own,
 * apart from the default DataSource that serves reads: in WAL mode each read sees the last
 * committed state, never the writer's open transaction (issue 10, item 1). On PostgreSQL and on
 * an in-memory SQLite database it is the default DataSource itself.
 */
export const WRITER_DATA_SOURCE = Symbol('WRITER_DATA_SOURCE');

/** Injects the writing DataSource (see `WRITER_DATA_SOURCE`). */
export const InjectWriter = (): ParameterDecorator => Inject(WRITER_DATA_SOURCE);

/**
 * Injection token of the read connections: on a SQLite file the default DataSource and
 * `READ_CONNECTIONS - 1` more, each its own connection in WAL mode, so read transactions run side
 * by side instead of one after another on one connection (issue 10, item 7). Elsewhere just the
 * default DataSource.
 */
export const READ_POOL = Symbol('READ_POOL');

/** Read connections on a SQLite file (sqlite3 runs their statements on libuv's 4 threads). */
export const READ_CONNECTIONS = 3;
