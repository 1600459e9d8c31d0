import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { MailBatch, MailBatchKind, MailBatchMessage } from './mail-batch.entity';

/** Delivery of one batch: counts of its mails by state. */
export interface MailBatchProgress {
  batch: MailBatch;
  total: number;
  sent: number;
  /** Pending or being sent. */
  waiting: number;
  failed: number;
  /** Replaced by a newer mail to the same person (e.g. a later calendar update), or withdrawn. */
  superseded: number;
}

/**
 * Batches of mails queued by one organiser action, for "bulk sending shows progress" (issue 11,
 * item 8). `begin` opens a batch in the action's transaction; every mail `OutboxService.enqueue`
 * then queues with that same transaction's manager joins it — whichever feature queues it
 * (links, invitations, waitlist notices), so the batch is exactly what the action sent.
 */
@Injectable()
export class MailBatchesService {
  /**
   * The open batch of each transaction, keyed by its EntityManager: every unit of work gets a manager
   * of its own (DataSource.createQueryRunner makes a new one each time, even on SQLite's shared
   * connection), so a batch never reaches a later transaction; the entry goes with the manager.
   */
  private readonly open = new WeakMap<EntityManager, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Opens a batch in the caller's transaction. @returns its id. */
  async begin(m: EntityManager, batch: { kind: MailBatchKind; runId: number; subjectId: number; label: string }): Promise<number> {
    const saved = await m.save(m.create(MailBatch, { ...batch, label: batch.label.slice(0, 200), createdAt: this.clock.now() }));
    this.open.set(m, saved.id);
    return saved.id;
  }

  /** Adds an outbox row to the transaction's open batch, if there is one (called by the outbox). */
  async add(m: EntityManager, outboxMessageId: number): Promise<void> {
    const batchId = this.open.get(m);
    if (batchId !== undefined) await m.insert(MailBatchMessage, { batchId, outboxMessageId });
  }

  /** The latest batch of `kind` about `subjectId`, or null. */
  async latest(kind: MailBatchKind, subjectId: number): Promise<MailBatch | null> {
    return this.dataSource.getRepository(MailBatch).findOne({ where: { kind, subjectId }, order: { id: 'DESC' } });
  }

  /** Counts of the batch's mails by state, read now. @throws DomainError NOT_FOUND. */
  async progress(id: number): Promise<MailBatchProgress> {
    const batch = await this.dataSource.getRepository(MailBatch).findOneBy({ id });
    if (!batch) throw new DomainError('NOT_FOUND', `发送批次 ${id} 不存在。`);
    const rows: { status: string; n: string | number }[] = await this.dataSource
      .createQueryBuilder()
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .from(MailBatchMessage, 'b')
      .innerJoin('outbox_message', 'o', 'o.id = b."outboxMessageId"')
      .where('b."batchId" = :id', { id })
      .groupBy('o.status')
      .getRawMany();
    const n = (...statuses: string[]) => rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + Number(r.n), 0);
    return { batch, total: n('pending', 'sending', 'sent', 'failed', 'superseded'), sent: n('sent'), waiting: n('pending', 'sending'), failed: n('failed'), superseded: n('superseded') };
  }
}
