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
