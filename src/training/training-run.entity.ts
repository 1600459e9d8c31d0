import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { TrainingSession } from './training-session.entity';

/**
 * draft: being prepared (organisers edit it); open: participants may register from the opening
 * until the deadline; closed: no more changes by participants; archived: past, kept for records
 * and as a template to copy.
 */
export type RunStatus = 'draft' | 'open' | 'closed' | 'archived';

/** Every post kind, the default audience (plan step 二(二)). */
export const ALL_AUDIENCE_POSTS = 'office_director,promotion_section_head,secretariat_section_head';

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

  /** The organising division (主办处室). */
  @Column({ type: 'varchar', length: 100, default: '市局促进法治处' })
  division: string;

  /** The organiser's contact person shown to participants (issue 13, item 7); null: the mail sender's name. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  contactName: string | null;

  /** The contact person's phone: a mobile (11 digits) or a landline such as 021-12345678; null when not given. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  contactPhone: string | null;

  /** First instant at which participants may register; null: as soon as the run is opened. */
  @Column({ type: Date, nullable: true })
  registrationOpensAt: Date | null;

  /** How many sessions the run is planned with (the date proposal's default). */
  @Column({ default: 1 })
  plannedSessions: number;

  /** Days per session (consecutive working days). */
  @Column({ default: 2 })
  daysPerSession: number;

  /** 'HH:mm', Asia/Shanghai: each day's hours, the default of new sessions. */
  @Column({ type: 'varchar', length: 5, default: '09:00' })
  dailyStart: string;

  @Column({ type: 'varchar', length: 5, default: '17:00' })
  dailyEnd: string;

  /** Seats per session, the default of new sessions. */
  @Column({ default: 90 })
  sessionCapacity: number;

  /** The venue new sessions are held at unless chosen otherwise. */
  @Column({ type: 'integer', nullable: true })
  defaultVenueId: number | null;

  /** Post kinds the run is for, comma-separated (PostKind). */
  @Column({ type: 'varchar', length: 200, default: ALL_AUDIENCE_POSTS })
  audiencePosts: string;

  /** District ids the run is for, comma-separated; empty: every district. */
  @Column({ type: 'text', default: '' })
  audienceDistricts: string;

  /** Participant ids of an imported list, comma-separated; when set, exactly these people are invited. */
  @Column({ type: 'text', default: '' })
  audienceParticipantIds: string;

  /** The run this one was copied from, if any. */
  @Column({ type: 'integer', nullable: true })
  copiedFromRunId: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @OneToMany(() => TrainingSession, (session) => session.run)
  sessions: TrainingSession[];
}
