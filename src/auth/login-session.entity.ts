import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A server-side login session; the cookie holds a random token, the table only its SHA-256 hash. */
@Entity()
export class LoginSession {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column()
  accountId: number;

  @Column({ type: Date })
  expiresAt: Date;

  /** Synchronizer token every state-changing request of this session must carry (`_csrf` or `X-CSRF-Token`). */
  @Column({ type: 'varchar', length: 64, default: '' })
  csrfToken: string;
}
