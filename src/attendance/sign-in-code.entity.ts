import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Registration } from '../registrations/registration.entity';

/**
 * A per-registration sign-in code (issue 11, item 5): what the participant's QR code carries.
 * It is not the personal link and grants nothing but being signed in by signed-in staff. Only
 * the SHA-256 of the code is stored. `channel` page: derived from the personal link's token
 * (so the page can show it again without storing it); mail: random, issued for one e-mail.
 */
@Entity()
@Index(['registrationId'])
export class SignInCode {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  registration: Registration;

  @Column({ type: 'varchar', length: 64, unique: true })
  codeHash: string;

  @Column({ type: 'varchar', length: 8 })
  channel: 'page' | 'mail';

  /** For page codes: which derivation (0, 1, …) made it; raised by each revocation. */
  @Column({ default: 0 })
  revision: number;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;
}
