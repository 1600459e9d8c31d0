import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Post } from './post.entity';

/**
 * The person who holds a post and takes part in training. The personal link's token is never
 * stored: only its SHA-256 hash (`tokenHash`).
 */
@Entity()
export class Participant {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ unique: true })
  postId: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  post: Post;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  mobile: string;

  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  /** True for the fictitious people the seed fills posts with until the real roster is imported. */
  @Column({ default: false })
  isDemo: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  tokenHash: string | null;

  @Column({ type: Date, nullable: true })
  tokenIssuedAt: Date | null;

  /** The personal link stops working after this instant (the end of the run it was issued for). */
  @Column({ type: Date, nullable: true })
  tokenExpiresAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
