import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An organiser of the city bureau's Rule-of-Law Promotion Division who may use the organiser pages. */
@Entity()
export class OrganiserAccount {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  /** `scrypt$N$r$p$salt$hash`, base64url parts. */
  @Column({ type: 'varchar', length: 300 })
  passwordHash: string;

  @CreateDateColumn()
  createdAt: Date;
}
