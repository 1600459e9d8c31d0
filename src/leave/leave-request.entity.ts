import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { District } from '../organisation/district.entity';
import { Participant } from '../organisation/participant.entity';
import { Registration } from '../registrations/registration.entity';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';

/** session: the whole session (the seat is freed); day: one day (the seat is kept). */
export type LeaveScope = 'session' | 'day';

export type LeaveStatus = 'pending' | 'approved' | 'refused';

/**
 * A request for leave (请假, issue 11, item 4) by a participant or their coordinator, decided by
 * the district's coordinator or an organiser. At most one pending request per registration
 * (partial unique index); the decision is a guarded UPDATE from pending, so two approvers at once
 * give one decision. A substitute (替训) named on approval is recorded in `substituteParticipantId`.
 */
@Entity()
@Index('UQ_leave_pending', ['registrationId'], { unique: true, where: `"status" = 'pending'` })
export class LeaveRequest {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  runId: number;

  @ManyToOne(() => TrainingRun, { onDelete: 'CASCADE' })
  run: TrainingRun;

  @Column()
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  registration: Registration;

  @Column()
  participantId: number;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE' })
  participant: Participant;

  @Column()
  sessionId: number;

  @ManyToOne(() => TrainingSession, { onDelete: 'CASCADE' })
  session: TrainingSession;

  @Column()
  districtId: number;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  district: District;

  @Column({ type: 'varchar', length: 8 })
  scope: LeaveScope;

  /** 'YYYY-MM-DD' of the day for scope day; null for the whole session. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  day: string | null;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: LeaveStatus;

  /** Who asked: 'participant' or the account's user name. */
  @Column({ type: 'varchar', length: 64 })
  requestedBy: string;

  @Column({ type: Date })
  requestedAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  @Column({ type: Date, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 200, default: '' })
  decisionNote: string;

  @Column({ type: 'integer', nullable: true })
  substituteParticipantId: number | null;

  @ManyToOne(() => Participant, { onDelete: 'SET NULL', nullable: true })
  substituteParticipant: Participant | null;
}
