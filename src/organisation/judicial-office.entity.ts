import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { District } from './district.entity';

/** Kind of the township-level unit an office serves. */
export type UnitKind = 'subdistrict' | 'town' | 'township';

/**
 * A judicial office (司法所): one per subdistrict (街道), town (镇) or township (乡).
 * `unitName` is the unit's statistical name; the office is called `${unitName}司法所`.
 */
@Entity()
export class JudicialOffice {
  @PrimaryGeneratedColumn()
  id: number;

  /** 9-digit statistical code extending the district's GB/T 2260 code. */
  @Column({ type: 'varchar', length: 9, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 50 })
  unitName: string;

  @Column({ type: 'varchar', length: 12 })
  kind: UnitKind;

  @Column()
  districtId: number;

  @ManyToOne(() => District, (district) => district.offices, { onDelete: 'RESTRICT' })
  district: District;
}
