import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * pending: waiting for (re)delivery at `nextAttemptAt`; sending: claimed by a dispatcher until
 * `claimedUntil`; sent; failed: gave up after the last attempt; superseded: a newer message for
 * the same calendar UID replaced it before it was sent.
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'superseded';

/** One e-mail to deliver, written in the same transaction as the change it reports (house rule 8). */
@Entity()
@Index(['status', 'nextAttemptAt'])
@Index(['recipientAddress', 'id'])
// Queueing supersedes the pending messages of the same calendar UID; without this index every
// enqueue scanned the whole outbox.
@Index(['calendarUid', 'status'])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  /** RFC 5322 Message-ID, stable across retries. */
  @Column({ type: 'varchar', length: 200, unique: true })
  messageId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: 'invitation' | 'personal-link' | 'notice';

  @Column({ type: 'varchar', length: 254 })
  recipientAddress: string;

  @Column({ type: 'varchar', length: 100 })
  recipientName: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  /** Bodies as stored: a personal link appears only as `SECRET_PLACEHOLDER` (issue 9 item 5). */
  @Column({ type: 'text' })
  textBody: string;

  @Column({ type: 'text' })
  htmlBody: string;

  /**
   * The secret (a personal link) that replaces `SECRET_PLACEHOLDER` in the bodies at send time,
   * sealed with AES-256-GCM (`OutboxSecretsService`); erased once the message is sent or
   * superseded. Null for mail without a secret, and after erasure.
   */
  @Column({ type: 'text', nullable: true })
  sealedSecret: string | null;

  /** iTIP method of the attached calendar object (REQUEST or CANCEL), if any. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  calendarMethod: 'REQUEST' | 'CANCEL' | null;

  /** The exact iCalendar bytes sent (UTF-8 text). */
  @Column({ type: 'text', nullable: true })
  calendarContent: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  calendarUid: string | null;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: OutboxStatus;

  @Column({ default: 0 })
  attempts: number;

  @Column({ type: Date })
  nextAttemptAt: Date;

  @Column({ type: Date, nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;
}
