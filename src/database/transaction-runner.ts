import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { queryNamed } from './sql-dialect';
import { GroupCommitQueue } from './group-commit';
import { isRetryableConflict, StorageUnavailableError } from './storage-fault';
import { InjectWriter, READ_POOL } from './writer';

/** Attempts of one unit of work on PostgreSQL when it meets a serialization failure or deadlock. */
const POSTGRES_ATTEMPTS = 5;

/**
 * Runs units of work in database transactions.
 *
 * TypeORM's sqlite driver shares one connection, so two overlapping `transaction()` calls
 * collide ("cannot start a transaction within a transaction", case C08). On SQLite this runner
 * therefore queues units of work on the one writer and commits the ones that queued up together
 * (group commit, one SAVEPOINT per unit: see group-commit.ts). That queue only protects the
 * driver; the business guarantees (capacity, one active registration) rest on guarded UPDATEs,
 * CHECK constraints and unique indexes, which hold across processes and on PostgreSQL too.
 *
 * A failed COMMIT (disk full, I/O error, busy) fails the unit of work with
 * `StorageUnavailableError` (HTTP 503) and resets the connection: TypeORM's sqlite query runner
 * keeps believing its transaction is open after a failed COMMIT (SQLite may already have rolled it
 * back), and would run every later transaction as a SAVEPOINT inside one that never commits —
 * acknowledged writes lost (issue 9, item 1). So after any failure the runner issues its own
 * ROLLBACK and clears that state; the next unit of work starts with a real BEGIN.
 *
 * On PostgreSQL transactions run concurrently on a pool; a unit of work that the server rolled
 * back as a deadlock or serialization failure (40P01, 40001) is run again, up to
 * `POSTGRES_ATTEMPTS` times with a short random pause, so `work` must not have effects outside
 * the transaction. Spent retries surface as a 503 (storage-fault.ts).
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  private readonly writes: GroupCommitQueue;
  /** Per read connection: the tail of its queue, how many read transactions wait on it, and the lone statements running on it. */
  private readonly readers: { dataSource: DataSource; tail: Promise<unknown>; queued: number; statements: number }[];

  constructor(
    @InjectWriter() private readonly dataSource: DataSource,
    @InjectDataSource() private readonly reader: DataSource,
    @Optional() @Inject(READ_POOL) readPool?: DataSource[],
  ) {
    this.writes = new GroupCommitQueue(dataSource, this.logger);
    this.readers = (readPool?.length ? readPool : [reader]).map((d) => ({ dataSource: d, tail: Promise.resolve(), queued: 0, statements: 0 }));
  }

  /**
   * Runs read-only `work` in one transaction on a read connection (the least busy of the pool):
   * several queries see one committed snapshot, and never wait behind a write (issue 10, item 1). Where reads and writes
   * share a connection (PostgreSQL pools, in-memory SQLite) it is an ordinary transaction.
   */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.reader === this.dataSource) return this.run(work);
    // The read connection with the shortest queue; one transaction at a time on each.
    const slot = this.readers.reduce((best, r) => (r.queued < best.queued ? r : best));
    slot.queued++;
    const next = slot.tail.then(() => slot.dataSource.transaction(work)).finally(() => slot.queued--);
    slot.tail = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs one read-only SQL statement (TypeORM named parameters, see `queryNamed`) on a read
   * connection, without BEGIN/COMMIT: a single statement sees one committed snapshot on both
   * databases, so it needs no transaction of its own, and statements run side by side instead of
   * queueing one after another (issue 10, item 7: the participant's read). It goes to a connection
   * with no read transaction open — a statement sent into an open transaction would see that
   * transaction's older snapshot, and a person could miss the change they just made — or, when
   * every connection has one, after the transactions of the least busy connection.
   * @returns the rows.
   */
  readStatement<T = ObjectLiteral[]>(sql: string, params: ObjectLiteral = {}): Promise<T> {
    if (this.reader === this.dataSource) {
      // PostgreSQL: any pooled connection outside a transaction sees only committed rows. One shared
      // SQLite connection (in memory) may hold an open write transaction: go through the writer.
      return this.dataSource.options.type === 'postgres' ? queryNamed<T>(this.reader, sql, params) : this.run((m) => queryNamed<T>(m, sql, params));
    }
    const free = this.readers.filter((r) => r.queued === 0);
    if (free.length) {
      const slot = free.reduce((best, r) => (r.statements < best.statements ? r : best));
      slot.statements++;
      return queryNamed<T>(slot.dataSource, sql, params).finally(() => slot.statements--);
    }
    const slot = this.readers.reduce((best, r) => (r.queued < best.queued ? r : best));
    slot.queued++;
    const next = slot.tail.then(() => queryNamed<T>(slot.dataSource, sql, params)).finally(() => slot.queued--);
    slot.tail = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs `work` atomically: resolves only after the COMMIT that stores it succeeded (on SQLite
   * possibly shared with other units, see group-commit.ts), rolls back only `work`'s changes
   * when it throws (rethrowing its error).
   * @throws StorageUnavailableError when the COMMIT itself fails; nothing of `work` is stored.
   */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'sqlite') return this.withRetries(work);
    return this.writes.submit(work);
  }

  private async withRetries<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inTransaction(work);
      } catch (error) {
        if (attempt >= POSTGRES_ATTEMPTS || !isRetryableConflict(error)) throw error;
        this.logger.warn(`Transaction conflict (${(error as Error).message}); retry ${attempt} of ${POSTGRES_ATTEMPTS - 1}`);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  private async inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      let result: T;
      try {
        result = await work(runner.manager);
      } catch (error) {
        await runner.rollbackTransaction().catch((rollbackError) => this.writes.reset(runner, `ROLLBACK failed: ${(rollbackError as Error)?.message}`));
        throw error;
      }
      try {
        await runner.commitTransaction();
      } catch (error) {
        await this.writes.reset(runner, `COMMIT failed: ${(error as Error)?.message}`);
        throw new StorageUnavailableError(error);
      }
      return result;
    } finally {
      await runner.release();
    }
  }
}
