import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OutboxMessage } from '../invitations/outbox-message.entity';
import { Participant } from '../organisation/participant.entity';
import { TrainingRun } from '../training/training-run.entity';

/** session: before each session, to its confirmed people; deadline: before the registration deadline, to people not yet registered. */
export type ReminderKind = 'session' | 'deadline';

/**
 * A reminder rule the organiser sets for a run (issue 11, item 1), e.g. 3 days before each
 * session at 09:00 Shanghai time, with what to bring.
 */
@Entity()
export class ReminderRule {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  runId: number;

  @ManyToOne(() => TrainingRun, { onDelete: 'CASCADE' })
  run: TrainingRun;

  @Column({ type: 'varchar', length: 10 })
  kind: ReminderKind;

  /** Whole days before the session's first day (or the deadline's day); 0 = that same day. */
  @Column()
  daysBefore: number;

  /** 'HH:mm' Asia/Shanghai on that day. */
  @Column({ type: 'varchar', length: 5 })
  sendAt: string;

  /** What to bring, or any extra line for the mail (may be empty). */
  @Column({ type: 'varchar', length: 200, default: '' })
  note: string;

  @Column({ default: true })
  active: boolean;
}

/**
 * One reminder sent: (rule, participant, session, occurrence) is unique, so each person gets each
 * reminder once across restarts and instances. `occurrence` is the session's first day and start
 * (or the deadline) the reminder was for: when the session moves, the new date is a new occurrence.
 * `sessionId` is 0 for deadline reminders.
 */
@Entity()
@Index('UQ_reminder_delivery', ['ruleId', 'participantId', 'sessionId', 'occurrence'], { unique: true })
@Index('IDX_reminder_delivery_outbox', ['outboxMessageId'])
export class ReminderDelivery {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  ruleId: number;

  @ManyToOne(() => ReminderRule, { onDelete: 'CASCADE' })
  rule: ReminderRule;

  @Column()
  participantId: number;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE' })
  participant: Participant;

  @Column()
  sessionId: number;

  @Column({ type: 'varchar', length: 32 })
  occurrence: string;

  @Column()
  outboxMessageId: number;

  @ManyToOne(() => OutboxMessage, { onDelete: 'RESTRICT' })
  outboxMessage: OutboxMessage;

  @Column({ type: Date })
  queuedAt: Date;
}
