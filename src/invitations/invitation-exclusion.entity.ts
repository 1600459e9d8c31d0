import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CalendarInvitation } from './calendar-invitation.entity';

/**
 * A day of a session cancelled for one participant alone (an approved one-day leave, issue 11):
 * their invitation's later REQUESTs and downloads carry it as EXDATE, so the day does not come back.
 * A table of its own so that calendar_invitation keeps its shape.
 */
@Entity()
@Index(['invitationId', 'day'], { unique: true })
export class InvitationExclusion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  invitationId: number;

  @ManyToOne(() => CalendarInvitation, { onDelete: 'CASCADE' })
  invitation: CalendarInvitation;

  /** 'YYYY-MM-DD', Asia/Shanghai. */
  @Column({ type: 'varchar', length: 10 })
  day: string;
}
