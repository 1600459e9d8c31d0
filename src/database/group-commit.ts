import { Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { StorageUnavailableError } from './storage-fault';

/** Most units of work in one shared transaction; more wait for the next one. */
export const MAX_BATCH = 32;

/** A unit of work waiting for the writer, and how to answer its caller. */
interface Unit {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What a unit's work gave inside the batch, known for certain only after the shared COMMIT. */
type Outcome = { unit: Unit; ok: true; value: unknown } | { unit: Unit; ok: false; error: unknown };

/** The two fields of TypeORM's query runner that say whether it believes a transaction is open. */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * Group commit on the single SQLite writer (issue 10, item 2). Units of work that queue up while
 * the writer is busy run together in one BEGIN…COMMIT, one after another, each inside its own
 * SAVEPOINT: a unit that throws is rolled back to its savepoint (only its own changes are undone)
 * and its caller gets its error; the others go on. Every caller is answered only after the shared
 * COMMIT succeeded, so one fsync (`synchronous=FULL`) serves the whole batch. A failed COMMIT
 * (disk full, I/O error) fails every unit of the batch whose work had succeeded with
 * `StorageUnavailableError` (HTTP 503): nothing of the batch is stored. When SQLite rolled the
 * whole transaction back by itself (a storage fault inside a statement: the savepoint is gone),
 * the units already run fail with 503 too, and the ones not yet run wait for the next batch.
 *
 * No waiting is added: the first unit finds the writer idle and runs alone; the batch grows only
 * with what arrived while the previous one ran (at most `MAX_BATCH`). Units run in arrival order.
 * Effects outside the database (dispatcher wake-ups) belong after `run` resolves, as before.
 */
export class GroupCommitQueue {
  private readonly pending: Unit[] = [];
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  /** Queues `work`; resolves with its result after the COMMIT of its batch. */
  submit<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length) await this.runBatch(this.pending.splice(0, MAX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(batch: Unit[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const outcomes: Outcome[] = [];
    try {
      if (runner.isTransactionActive) await this.reset(runner, 'a transaction was left open');
      try {
        await runner.startTransaction();
      } catch (error) {
        await this.reset(runner, `BEGIN failed: ${(error as Error)?.message}`);
        for (const unit of batch) unit.reject(error);
        return;
      }
      // A unit alone needs no savepoint: its transaction is its own.
      const alone = batch.length === 1;
      // The savepoint of a unit that succeeded is released together with the next unit's
      // SAVEPOINT, in one round trip to the writer's thread (issue 10, item 2).
      let toRelease = false;
      for (let i = 0; i < batch.length; i++) {
        const unit = batch[i];
        if (!alone) await (toRelease ? execScript(runner, 'RELEASE unit_of_work; SAVEPOINT unit_of_work') : runner.query('SAVEPOINT unit_of_work'));
        toRelease = false;
        try {
          // A manager of its own per unit on the shared runner: state keyed by the unit's manager
          // (e.g. the open mail batch of MailBatchesService) never leaks into another unit.
          const value = await unit.work(alone ? runner.manager : this.dataSource.createEntityManager(runner));
          toRelease = !alone;
          outcomes.push({ unit, ok: true, value });
        } catch (error) {
          outcomes.push({ unit, ok: false, error });
          if (alone) {
            await runner.rollbackTransaction().catch((rollbackError) => this.reset(runner, `ROLLBACK failed: ${(rollbackError as Error)?.message}`));
            return this.settle(outcomes);
          }
          if (!(await this.rollbackTo(runner))) {
            this.pending.unshift(...batch.slice(i + 1));
            return this.settle(outcomes, new StorageUnavailableError(error));
          }
        }
      }
      if (toRelease) await runner.query('RELEASE unit_of_work');
      try {
        await runner.commitTransaction();
      } catch (error) {
        await this.reset(runner, `COMMIT failed: ${(error as Error)?.message}`);
        return this.settle(outcomes, new StorageUnavailableError(error));
      }
      this.settle(outcomes);
    } catch (error) {
      // SAVEPOINT or RELEASE itself failed: the state of the transaction is unknown, store nothing.
      await this.reset(runner, `batch failed: ${(error as Error)?.message}`);
      const answered = new Set(outcomes.map((o) => o.unit));
      this.settle(outcomes, new StorageUnavailableError(error));
      for (const unit of batch) if (!answered.has(unit)) unit.reject(new StorageUnavailableError(error));
    } finally {
      await runner.release();
    }
  }

  /** Answers every caller; with `lost`, the units whose work succeeded get it instead of their result. */
  private settle(outcomes: Outcome[], lost?: StorageUnavailableError): void {
    for (const o of outcomes) {
      if (!o.ok) o.unit.reject(o.error);
      else if (lost) o.unit.reject(lost);
      else o.unit.resolve(o.value);
    }
  }

  /** Undoes one unit. @returns false when the transaction itself is gone (SQLite rolled it back). */
  private async rollbackTo(runner: QueryRunner): Promise<boolean> {
    try {
      await runner.query('ROLLBACK TO unit_of_work');
      await runner.query('RELEASE unit_of_work');
      // A unit that failed inside a nested `manager.transaction()` leaves TypeORM's depth raised.
      (runner as unknown as TransactionState).transactionDepth = 1;
      return true;
    } catch (error) {
      await this.reset(runner, `ROLLBACK TO SAVEPOINT failed: ${(error as Error)?.message}`);
      return false;
    }
  }

  /**
   * Ends whatever transaction the connection may still hold and clears TypeORM's belief that one
   * is open: after a failed COMMIT TypeORM keeps believing its transaction is open and would run
   * every later unit as a SAVEPOINT inside one that never commits (issue 9, item 1).
   */
  async reset(runner: QueryRunner, why: string): Promise<void> {
    this.logger.warn(`Resetting the database connection: ${why}`);
    const state = runner as unknown as TransactionState;
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    try {
      await runner.query('ROLLBACK');
    } catch {
      // No transaction was open: the connection is clean.
    }
  }
}

/** The native handle of TypeORM's sqlite query runner: `exec` runs a script of statements, without parameters. */
interface NativeSqlite {
  exec(sql: string, callback: (error: Error | null) => void): void;
}

/**
 * Runs a fixed script of statements (no parameters, no user input) on the writer's connection in
 * one call: TypeORM's `query` would run only the first statement of such a text.
 */
async function execScript(runner: QueryRunner, sql: string): Promise<void> {
  const db = (await (runner as unknown as { connect(): Promise<NativeSqlite> }).connect());
  await new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}
