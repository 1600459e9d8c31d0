import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An attendee's answer to a REQUEST (RFC 5545 §3.2.12 PARTSTAT, the values a REPLY may carry). */
export type RsvpPartstat = 'ACCEPTED' | 'TENTATIVE' | 'DECLINED';

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

  /** Our SEQUENCE: the version of the last REQUEST or CANCEL queued. */
  @Column({ default: 0 })
  sequence: number;

  /**
   * The highest SEQUENCE an attendee's REPLY for this UID carried (some clients raise it when
   * they answer); null until one arrives. Never adopted as ours, but every later update goes
   * above it, or such a client would drop the update as older than what it holds.
   */
  @Column({ type: 'integer', nullable: true })
  highestSequenceSeen: number | null;

  /** active: the participant's calendar should hold the event; cancelled: a CANCEL was queued. */
  @Column({ type: 'varchar', length: 10 })
  state: 'active' | 'cancelled';

  /** The last answer received by iTIP REPLY (RFC 5546 §3.2.3); null until one arrives. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  rsvpPartstat: RsvpPartstat | null;

  /** When the product received that answer. */
  @Column({ type: Date, nullable: true })
  rsvpAt: Date | null;

  /** SEQUENCE of the version the answer was about; an answer to an older version is stale. */
  @Column({ type: 'integer', nullable: true })
  rsvpSequence: number | null;

  /** DTSTAMP of the reply; among replies to one version, only a later one replaces the answer. */
  @Column({ type: Date, nullable: true })
  rsvpDtstamp: Date | null;
}

/**
 * The SEQUENCE for the next REQUEST or CANCEL of `invitation`: one above both ours and every
 * SEQUENCE an attendee's reply carried (RFC 5546 §2.1.4: a client ignores a version whose
 * SEQUENCE is not above the one it holds).
 */
export function nextSequence(invitation: Pick<CalendarInvitation, 'sequence' | 'highestSequenceSeen'>): number {
  return Math.max(invitation.sequence, invitation.highestSequenceSeen ?? 0) + 1;
}
