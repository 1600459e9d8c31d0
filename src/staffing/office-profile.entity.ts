import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JudicialOffice } from '../organisation/judicial-office.entity';
import type { PostIncreaseGround } from './rules/staffing-facts';

/**
 * Staffing attributes of a judicial office that organisers may enter (task 12): resident
 * population (persons), area (km²), approved posts (编制数) and the approval of posts above 4.
 * All optional; kept here, not on `judicial_office`.
 */
@Entity()
export class OfficeProfile {
  @PrimaryColumn()
  officeId: number;

  @OneToOne(() => JudicialOffice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'officeId' })
  office: JudicialOffice;

  @Column({ type: 'integer', nullable: true })
  population: number | null;

  @Column({ type: 'real', nullable: true })
  areaKm2: number | null;

  /** Task 12: approved posts (编制数); null = not recorded (read as 4). */
  @Column({ type: 'integer', nullable: true })
  approvedPosts: number | null;

  /** Task 12: ground of posts above 4 — population, area or workload (人员配备与承担工作任务差距较大). */
  @Column({ type: 'varchar', length: 12, nullable: true })
  postIncreaseGround: PostIncreaseGround | null;

  @Column({ type: 'text', nullable: true })
  postIncreaseNote: string | null;

  /** Who approved the increase (报批后批准的机关), when, and the document's reference. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  postIncreaseApprovedBy: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  postIncreaseApprovedOn: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  postIncreaseReference: string | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
