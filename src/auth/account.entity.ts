import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * organiser: the city bureau's Rule-of-Law Promotion Division, everything; coordinator: one district
 * bureau, only its district; signin: sign-in staff (签到人员) at the door, sign-in and nothing else (issue 11).
 */
export type AccountRole = 'organiser' | 'coordinator' | 'signin';

/** A person who signs in to the organiser pages. */
@Entity()
export class Account {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 50, default: '' })
  displayName: string;

  /** argon2id encoded hash (older accounts: `scrypt$…`, upgraded at the next sign-in). */
  @Column({ type: 'varchar', length: 300 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 12, default: 'organiser' })
  role: AccountRole;

  /** The district a coordinator acts for; null for organisers. */
  @Column({ type: 'integer', nullable: true })
  districtId: number | null;

  /** Consecutive failed sign-ins; reset by a successful one. */
  @Column({ default: 0 })
  failedLogins: number;

  @Column({ type: Date, nullable: true })
  lockedUntil: Date | null;

  @Column({ default: true })
  active: boolean;

  @CreateDateColumn()
  createdAt: Date;
}
