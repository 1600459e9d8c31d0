import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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
export class GroupMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  runId: number;

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

  @Column({ type: Date })
  createdAt: Date;
}

/** One recipient of a group message and the outbox row of their mail (for progress). */
@Entity()
@Index(['groupMessageId', 'participantId'], { unique: true })
export class GroupMessageRecipient {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  groupMessageId: number;

  @Column()
  participantId: number;

  @Column()
  outboxMessageId: number;
}
