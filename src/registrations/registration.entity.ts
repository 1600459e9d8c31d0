import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Participant } from '../organisation/participant.entity';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';

/** confirmed: holds a seat in `sessionId`; waitlisted: waits for any of `preferences`; cancelled: history only. */
export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled';

/** Who made the last change: the participant through their link, or an organiser. */
export type Actor = 'participant' | 'organiser';

/**
 * A participant's registration for a run. At most one active (not cancelled) registration per
 * participant per run, enforced by a partial unique index (works on SQLite and PostgreSQL).
 */
@Entity()
@Index('UQ_registration_active', ['runId', 'participantId'], { unique: true, where: `"status" <> 'cancelled'` })
@Index(['runId', 'status', 'queuedAt'])
export class Registration {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  runId: number;

  @ManyToOne(() => TrainingRun, { onDelete: 'CASCADE' })
  run: TrainingRun;

  @Column()
  participantId: number;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE' })
  participant: Participant;

  /** The session holding the seat; null while waitlisted or after cancellation. */
  @Column({ type: 'integer', nullable: true })
  sessionId: number | null;

  @ManyToOne(() => TrainingSession, { onDelete: 'CASCADE', nullable: true })
  session: TrainingSession | null;

  @Column({ type: 'varchar', length: 12 })
  status: RegistrationStatus;

  /** Ranked session ids, most wanted first (1 to 3). */
  @Column({ type: 'simple-json' })
  preferences: number[];

  /** Sessions of the run the participant cannot attend (hard for balancing). */
  @Column({ type: 'simple-json', default: '[]' })
  unavailable: number[];

  /** Organiser's pin for balancing: the session this person must be in, or null. */
  @Column({ type: 'integer', nullable: true })
  pinnedSessionId: number | null;

  /** When the registration joined the waitlist; orders it first in, first out. */
  @Column({ type: Date, nullable: true })
  queuedAt: Date | null;

  @Column({ type: 'varchar', length: 12 })
  updatedBy: Actor;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
