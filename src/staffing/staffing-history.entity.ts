import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a history entry is about. */
export type HistorySubject = 'assignment' | 'staff' | 'office';

/**
 * Append-only history of the staff register and assignments: who changed what, when, and the
 * reasons and approvals recorded with the change. The migration adds triggers that refuse UPDATE
 * and DELETE on this table.
 */
@Entity()
@Index(['subjectType', 'subjectId'])
export class StaffingHistory {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 12 })
  subjectType: HistorySubject;

  @Column()
  subjectId: number;

  /** created, updated, status, dates, imported, handover … */
  @Column({ type: 'varchar', length: 20 })
  action: string;

  /** Chinese one-line summary for the timeline. */
  @Column({ type: 'text' })
  summary: string;

  /** Changed fields: { field: [old, new] }. */
  @Column({ type: 'simple-json' })
  changes: Record<string, [unknown, unknown]>;

  /** Reasons, justifications and approvals recorded with the change. */
  @Column({ type: 'simple-json', nullable: true })
  reasons: Record<string, string> | null;

  /** The organiser's user name. */
  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: Date })
  at: Date;
}
