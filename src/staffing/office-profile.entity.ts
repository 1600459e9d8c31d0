import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JudicialOffice } from '../organisation/judicial-office.entity';

/**
 * Staffing attributes of a judicial office that organisers may enter (task 12): resident
 * population (persons) and area (km²). Both optional; kept here, not on `judicial_office`.
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

  @UpdateDateColumn()
  updatedAt: Date;
}
