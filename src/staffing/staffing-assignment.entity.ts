import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { JudicialOffice } from '../organisation/judicial-office.entity';
import { StaffMember } from './staff-member.entity';
import { ApprovalAuthority, AssignmentKind, AssignmentStatus, CounterpartKind, MoveKind, RotationDirection, StaffPosition } from './staffing-terms';

/**
 * A placement or liaison (task 19), rotation (task 21) or grassroots contact point (task 27):
 * a person and a judicial office for an inclusive range of Asia/Shanghai dates ('YYYY-MM-DD';
 * `endDate` null = open-ended). Every status or date change is written to `staffing_history`.
 */
@Entity()
@Index(['personId', 'kind'])
@Index(['officeId', 'kind'])
export class StaffingAssignment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: AssignmentKind;

  @Column()
  personId: number;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT' })
  person: StaffMember;

  @Column()
  officeId: number;

  @ManyToOne(() => JudicialOffice, { onDelete: 'RESTRICT' })
  office: JudicialOffice;

  @Column({ type: 'varchar', length: 4, nullable: true })
  direction: RotationDirection | null;

  /** Task 13: a rotation out recorded as 交流 (exchange), 借调 (secondment) or 借用 (loan). */
  @Column({ type: 'varchar', length: 12, nullable: true })
  moveKind: MoveKind | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  counterpartKind: CounterpartKind | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  counterpartName: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  incomingPosition: StaffPosition | null;

  @Column({ type: 'varchar', length: 10 })
  startDate: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  endDate: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: AssignmentStatus;

  /** Task 13: the consenting authority, its district (district bureau), document number and date. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  approvalAuthority: ApprovalAuthority | null;

  @Column({ type: 'integer', nullable: true })
  approvalDistrictId: number | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  approvalDocumentNumber: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  approvalDate: string | null;

  /** Task 12: why the office may fall below 4. */
  @Column({ type: 'text', nullable: true })
  headcountReason: string | null;

  /** Task 21: why a cadre without certificate or law degree is rotated in. */
  @Column({ type: 'text', nullable: true })
  qualificationJustification: string | null;

  /** Rotation of an office director out: the person recorded as the incoming director (training hand-over). */
  @Column({ type: 'integer', nullable: true })
  successorId: number | null;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT', nullable: true })
  successor: StaffMember | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
