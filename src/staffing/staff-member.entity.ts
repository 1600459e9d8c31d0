import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { District } from '../organisation/district.entity';
import { JudicialOffice } from '../organisation/judicial-office.entity';
import { Education, Employment, PostType, StaffPosition, StaffUnitKind } from './staffing-terms';

/**
 * A person of the staff register (issue #5): judicial-office staff, city and district bureau
 * cadres, and cadres of other units taking part in rotations (task 21). Dates are Asia/Shanghai
 * calendar dates 'YYYY-MM-DD'. `staffNumber` is the organisers' own key (人员编号), used by imports.
 */
@Entity()
@Index(['officeId'])
@Index(['districtId'])
export class StaffMember {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  staffNumber: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  unitKind: StaffUnitKind;

  @Column({ type: 'integer', nullable: true })
  officeId: number | null;

  @ManyToOne(() => JudicialOffice, { onDelete: 'RESTRICT', nullable: true })
  office: JudicialOffice | null;

  /** The office's district, the district bureau's district, optional for other units, null for the city bureau. */
  @Column({ type: 'integer', nullable: true })
  districtId: number | null;

  @ManyToOne(() => District, { onDelete: 'RESTRICT', nullable: true })
  district: District | null;

  /** Name of a subdistrict/town government or another unit (unitKind subdistrict_town_gov / other). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  unitName: string | null;

  @Column({ type: 'varchar', length: 20 })
  position: StaffPosition;

  /** 领导干部 (task 27: contact points). */
  @Column({ default: false })
  leadingCadre: boolean;

  @Column({ type: 'varchar', length: 12 })
  postType: PostType;

  @Column({ type: 'varchar', length: 12 })
  employment: Employment;

  @Column({ type: 'varchar', length: 24 })
  education: Education;

  @Column({ default: false })
  lawDegree: boolean;

  /** 法律职业资格证书 (task 18). */
  @Column({ default: false })
  certificateHeld: boolean;

  @Column({ type: 'varchar', length: 40, nullable: true })
  certificateNumber: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  certificateDate: string | null;

  /** Took up the current position at the unit. */
  @Column({ type: 'varchar', length: 10 })
  startDate: string;

  /** 新招录 (task 17). */
  @Column({ default: false })
  newlyHired: boolean;

  @Column({ type: 'varchar', length: 10, nullable: true })
  hiredOn: string | null;

  /** Needed when the person becomes a training participant (an incoming office director). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  mobile: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
