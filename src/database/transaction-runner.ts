import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs units of work in database transactions.
 *
 * TypeORM's sqlite driver shares one connection, so two overlapping `transaction()` calls
 * collide ("cannot start a transaction within a transaction", case C08). On SQLite this runner
 * therefore queues transactions one after another in this process. That queue only protects the
 * driver; the business guarantees (capacity, one active registration) rest on guarded UPDATEs,
 * CHECK constraints and unique indexes, which hold across processes and on PostgreSQL too.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'sqlite') return this.dataSource.transaction(work);
    const next = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = next.catch(() => undefined);
    return next;
  }
}
