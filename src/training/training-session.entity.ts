import { Check, Column, Entity, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TrainingRun } from './training-run.entity';

export type SessionStatus = 'scheduled' | 'cancelled';

/**
 * One session (期) of a run: `dayCount` consecutive days from `firstDay`, each from `dailyStart`
 * to `dailyEnd`, all Asia/Shanghai local. `confirmedCount` is the number of confirmed
 * registrations; it only changes by guarded UPDATEs in the same transaction as the registration,
 * and the CHECK makes overbooking impossible at the database level.
 */
@Entity()
@Check('"confirmedCount" >= 0 AND "confirmedCount" <= "capacity"')
export class TrainingSession {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  runId: number;

  @ManyToOne(() => TrainingRun, (run) => run.sessions, { onDelete: 'CASCADE' })
  run: TrainingRun;

  /** 1, 2, 3 … — the session's number within the run (第一期 …). */
  @Column()
  ordinal: number;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  /** 'YYYY-MM-DD', Asia/Shanghai. */
  @Column({ type: 'varchar', length: 10 })
  firstDay: string;

  @Column({ default: 2 })
  dayCount: number;

  /** 'HH:mm', Asia/Shanghai. */
  @Column({ type: 'varchar', length: 5 })
  dailyStart: string;

  /** 'HH:mm', Asia/Shanghai. */
  @Column({ type: 'varchar', length: 5 })
  dailyEnd: string;

  /** The place as shown (from the venue when `venueId` is set). */
  @Column({ type: 'varchar', length: 200 })
  venue: string;

  /** The venue of the session (issue 12); null for a place typed by hand. */
  @Column({ type: 'integer', nullable: true })
  venueId: number | null;

  @Column()
  capacity: number;

  @Column({ default: 0 })
  confirmedCount: number;

  @Column({ type: 'varchar', length: 10, default: 'scheduled' })
  status: SessionStatus;

  @UpdateDateColumn()
  updatedAt: Date;
}
