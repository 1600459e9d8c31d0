import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { District } from '../organisation/district.entity';
import { OutboxMessage } from '../invitations/outbox-message.entity';
import { Participant } from '../organisation/participant.entity';
import { TrainingRun } from '../training/training-run.entity';

/** Who a group message is for: a session, a district, a status (any left out: all). */
export interface AudienceFilter {
  sessionId?: number;
  districtId?: number;
  status?: AudienceStatus;
}

/** not-registered, waitlisted, confirmed, on leave (an approved leave), absent (a day missed). */
export type AudienceStatus = 'not-registered' | 'waitlisted' | 'confirmed' | 'leave' | 'absent';

/** A message an organiser or coordinator wrote to a filtered group (issue 11, item 2). */
@Entity()
@Index('IDX_group_message_send_key', ['sendKey'], { unique: true })
export class GroupMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  runId: number;

  @ManyToOne(() => TrainingRun, { onDelete: 'CASCADE' })
  run: TrainingRun;

  @Column({ type: 'simple-json' })
  audience: AudienceFilter;

  @Column({ type: 'varchar', length: 100 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column()
  recipientCount: number;

  /** User name of the sender's account. */
  @Column({ type: 'varchar', length: 64 })
  createdBy: string;

  /** The sender's district for a coordinator (their messages are theirs to see), else null. */
  @Column({ type: 'integer', nullable: true })
  districtId: number | null;

  @ManyToOne(() => District, { onDelete: 'RESTRICT', nullable: true })
  district: District | null;

  @Column({ type: Date })
  createdAt: Date;

  /**
   * The one-time key of the preview this message was confirmed from (a random UUID in the
   * preview's form): a second submit of the same preview (a double click, a resent form) finds
   * this message instead of sending again. Null on messages sent before keys existed.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  sendKey: string | null;
}

/** One recipient of a group message and the outbox row of their mail (for progress). */
@Entity()
@Index(['groupMessageId', 'participantId'], { unique: true })
export class GroupMessageRecipient {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  groupMessageId: number;

  @ManyToOne(() => GroupMessage, { onDelete: 'CASCADE' })
  groupMessage: GroupMessage;

  @Column()
  participantId: number;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE' })
  participant: Participant;

  @Column()
  outboxMessageId: number;

  @ManyToOne(() => OutboxMessage, { onDelete: 'RESTRICT' })
  outboxMessage: OutboxMessage;
}
