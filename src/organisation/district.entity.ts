import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { JudicialOffice } from './judicial-office.entity';

/** A district (区) of Shanghai, identified by its GB/T 2260 code, e.g. 310101 黄浦区. */
@Entity()
export class District {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 6, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @OneToMany(() => JudicialOffice, (office) => office.district)
  offices: JudicialOffice[];
}
