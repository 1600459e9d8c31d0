import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { TrainingSession } from './training-session.entity';

/** draft: being prepared; open: participants may register until the deadline; closed: no more changes by participants. */
export type RunStatus = 'draft' | 'open' | 'closed';

/** A training run (培训班), e.g. 全市司法所长培训班, made of several sessions (期). Plan step 二(二). */
@Entity()
export class TrainingRun {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stable key used by the idempotent seed. */
  @Column({ type: 'varchar', length: 64, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  /** Topics of the run, one per line (shown to participants and in invitations). */
  @Column({ type: 'text' })
  topics: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status: RunStatus;

  /** Last instant at which participants may register, change or cancel. */
  @Column({ type: Date })
  registrationDeadline: Date;

  @CreateDateColumn()
  createdAt: Date;

  @OneToMany(() => TrainingSession, (session) => session.run)
  sessions: TrainingSession[];
}
