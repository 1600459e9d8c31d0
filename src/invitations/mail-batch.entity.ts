import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TrainingRun } from '../training/training-run.entity';
import { OutboxMessage } from './outbox-message.entity';

/** What queued a batch of mails (issue 11, item 8). */
export type MailBatchKind = 'run-open' | 'session-cancel' | 'balancing-apply' | 'balancing-restore';

/**
 * The mails one organiser action queued at once (opening registration, cancelling a session,
 * applying or restoring a balancing plan), for its progress page. `subjectId`: the run, session
 * or plan the action was about.
 */
@Entity()
@Index('IDX_mail_batch_subject', ['kind', 'subjectId'])
export class MailBatch {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 24 })
  kind: MailBatchKind;

  @Column()
  runId: number;

  @ManyToOne(() => TrainingRun, { onDelete: 'CASCADE' })
  run: TrainingRun;

  @Column()
  subjectId: number;

  /** What the organiser did, in Chinese, e.g. 开放报名：全市司法所长培训班. */
  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: Date })
  createdAt: Date;
}

/** One mail of a batch. */
@Entity()
@Index('UQ_mail_batch_message', ['batchId', 'outboxMessageId'], { unique: true })
export class MailBatchMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  batchId: number;

  @ManyToOne(() => MailBatch, { onDelete: 'CASCADE' })
  batch: MailBatch;

  @Column()
  outboxMessageId: number;

  @ManyToOne(() => OutboxMessage, { onDelete: 'CASCADE' })
  outboxMessage: OutboxMessage;
}
