import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { District } from './district.entity';
import { JudicialOffice } from './judicial-office.entity';

/**
 * Participant posts of the training run (plan step 二(二)): every office director, and per
 * district the heads of the Rule-of-Law Promotion section and the Law-Based-Governance Secretariat section.
 * `substitute`: a stand-in (替训) from the same unit named by the coordinator when a holder takes leave
 * for a whole session (issue 11, item 4); at most one per unit, not part of the roster import.
 */
export type PostKind = 'office_director' | 'promotion_section_head' | 'secretariat_section_head' | 'substitute';

export const POST_KIND_LABELS: Record<PostKind, string> = {
  office_director: '司法所所长',
  promotion_section_head: '促进法治科（处）负责人',
  secretariat_section_head: '依法治区秘书科（处）负责人',
  substitute: '替训人员',
};

/** One seat-holder position; 247 in Shanghai (215 directors + 2 × 16 section heads). */
@Entity()
@Index(['unitCode', 'kind'], { unique: true })
export class Post {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  kind: PostKind;

  /** Office code for directors, district code for section heads. */
  @Column({ type: 'varchar', length: 9 })
  unitCode: string;

  @Column()
  districtId: number;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  district: District;

  @Column({ type: 'integer', nullable: true })
  officeId: number | null;

  @ManyToOne(() => JudicialOffice, { onDelete: 'RESTRICT', nullable: true })
  office: JudicialOffice | null;
}
