import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Participant } from '../organisation/participant.entity';
import { Registration } from '../registrations/registration.entity';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';

/** present: signed in on time; late: signed in after the start plus the run's grace; absent: marked absent by staff; leave: on approved leave that day. */
export type AttendanceStatus = 'present' | 'late' | 'absent' | 'leave';

/** How the row was written: a scanned QR code, a tick on the roster page, or an approved leave. */
export type AttendanceMethod = 'qr' | 'roster' | 'leave';

/**
 * One participant's attendance on one day of their session (issue 11, item 5). The unique key
 * (session, participant, day) makes a second scan or a second staff member's tick find the
 * existing row instead of writing another, across processes too.
 */
@Entity()
@Index('UQ_attendance_day', ['sessionId', 'participantId', 'day'], { unique: true })
export class Attendance {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  runId: number;

  @ManyToOne(() => TrainingRun, { onDelete: 'CASCADE' })
  run: TrainingRun;

  @Column()
  sessionId: number;

  @ManyToOne(() => TrainingSession, { onDelete: 'CASCADE' })
  session: TrainingSession;

  @Column()
  participantId: number;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE' })
  participant: Participant;

  @Column()
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  registration: Registration;

  /** 'YYYY-MM-DD', Asia/Shanghai: the day of the session. */
  @Column({ type: 'varchar', length: 10 })
  day: string;

  @Column({ type: 'varchar', length: 10 })
  status: AttendanceStatus;

  /** When the person was signed in (present or late); null for absent and leave. */
  @Column({ type: Date, nullable: true })
  signedInAt: Date | null;

  @Column({ type: 'varchar', length: 10 })
  method: AttendanceMethod;

  /** User name of the staff account that wrote the row last. */
  @Column({ type: 'varchar', length: 64 })
  recordedBy: string;

  @Column({ type: Date })
  recordedAt: Date;
}
