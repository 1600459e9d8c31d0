import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change of state: who (role and account, or participant link, or the system), when, what,
 * and the state before → after (JSON, personal data as stored). Append-only (issue 6).
 */
@Entity()
@Index('IDX_audit_event_district', ['districtId', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @CreateDateColumn()
  at: Date;

  @Column({ type: 'varchar', length: 12 })
  actorKind: string;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 100 })
  actorLabel: string;

  /** e.g. `registration.create`, `session.update`, `balancing.apply`, `account.create`. */
  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  subjectType: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  subjectId: string | null;

  /** The district the change concerns, so coordinators see their district's events. */
  @Column({ type: 'integer', nullable: true })
  districtId: number | null;

  @Column({ type: 'text', nullable: true })
  before: string | null;

  @Column({ type: 'text', nullable: true })
  after: string | null;
}
