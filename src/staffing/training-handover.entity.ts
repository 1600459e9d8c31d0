import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StaffingAssignment } from './staffing-assignment.entity';

/** awaiting-successor: no incoming director recorded yet; pending: to process; done; failed (see lastError, retry). */
export type HandoverStatus = 'awaiting_successor' | 'pending' | 'done' | 'failed';

/**
 * "Training follows the post": an office's director changes in the register (a rotation out, or
 * any register change making someone director) before the run's sessions. Written in the change's
 * transaction; processed after it commits, step by step (each step recorded, so
 * a retry resumes): cancel the director post's registration, put the incoming director on the
 * post, mail them a personal link.
 */
@Entity()
export class TrainingHandover {
  @PrimaryGeneratedColumn()
  id: number;

  /** The rotation out that started it; null when a register change made someone director (issue 14). */
  @Column({ type: 'integer', unique: true, nullable: true })
  rotationId: number | null;

  @ManyToOne(() => StaffingAssignment, { onDelete: 'CASCADE', nullable: true })
  rotation: StaffingAssignment | null;

  /** The day the incoming director takes over (Shanghai 'YYYY-MM-DD'): sessions from then on concern them. */
  @Column({ type: 'varchar', length: 10 })
  effectiveDate: string;

  @Column()
  officeId: number;

  @Column()
  runId: number;

  @Column({ type: 'varchar', length: 20 })
  status: HandoverStatus;

  /** Name of the register's outgoing director (else the participant on the post) when the hand-over began. */
  @Column({ type: 'varchar', length: 50 })
  outgoingName: string;

  @Column({ type: 'integer', nullable: true })
  successorId: number | null;

  @Column({ type: 'integer', nullable: true })
  cancelledRegistrationId: number | null;

  @Column({ type: Date, nullable: true })
  registrationCheckedAt: Date | null;

  @Column({ type: Date, nullable: true })
  holderReplacedAt: Date | null;

  @Column({ type: Date, nullable: true })
  linkSentAt: Date | null;

  /** What happened, in Chinese, for the organiser's notice. */
  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
