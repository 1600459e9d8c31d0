import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One registration's placement: confirmed in a session, or waiting (sessionId null). */
export interface PlacementRow {
  registrationId: number;
  participantId: number;
  status: 'confirmed' | 'waitlisted';
  sessionId: number | null;
}

/**
 * A balancing plan: the placements when it was previewed (`before`), the placements it
 * proposes (`after`) and the engine's figures. Applying it moves people from `before` to
 * `after`; restoring an applied plan moves them back.
 */
@Entity()
@Index('IDX_balancing_plan_run_status', ['runId', 'status'])
export class BalancingPlan {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  runId: number;

  @Column({ type: 'varchar', length: 12 })
  status: 'previewed' | 'applied' | 'restored' | 'discarded';

  @Column({ type: 'simple-json' })
  policy: Record<string, unknown>;

  @Column({ type: 'simple-json' })
  before: PlacementRow[];

  @Column({ type: 'simple-json' })
  after: PlacementRow[];

  /** Explanations and conflicts from the engine, for the preview page. */
  @Column({ type: 'simple-json' })
  report: Record<string, unknown>;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  appliedAt: Date | null;
}
