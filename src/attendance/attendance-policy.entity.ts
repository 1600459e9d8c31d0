import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { TrainingRun } from '../training/training-run.entity';

/**
 * The organiser's attendance rules for one run (issue 11, items 5 and 6): minutes after the daily
 * start from which a sign-in counts as late, and whether an approved one-day leave still counts
 * towards completion (结业). A run without a row uses the defaults below.
 */
@Entity()
export class AttendancePolicy {
  @PrimaryColumn()
  runId: number;

  @OneToOne(() => TrainingRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'runId' })
  run: TrainingRun;

  @Column({ default: 15 })
  lateAfterMinutes: number;

  @Column({ default: false })
  oneDayLeaveCounts: boolean;
}

/** The rules of a run without its own row. */
export const DEFAULT_ATTENDANCE_POLICY = { lateAfterMinutes: 15, oneDayLeaveCounts: false };
