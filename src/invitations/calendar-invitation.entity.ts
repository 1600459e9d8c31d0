import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The calendar object a participant holds for a session: one UID per participant per session,
 * and a SEQUENCE that only rises (RFC 5545 §3.8.7.4, RFC 5546 §2.1.4).
 */
@Entity()
@Index(['participantId', 'sessionId'], { unique: true })
export class CalendarInvitation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  participantId: number;

  @Column()
  sessionId: number;

  @Column({ type: 'varchar', length: 200, unique: true })
  uid: string;

  @Column({ default: 0 })
  sequence: number;

  /** active: the participant's calendar should hold the event; cancelled: a CANCEL was queued. */
  @Column({ type: 'varchar', length: 10 })
  state: 'active' | 'cancelled';
}
