import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A place training sessions are held in (issue 12): a building's address, the room, and how many
 * people the room seats. A session at a venue may not seat more than the venue, and a venue
 * holds at most one session a day.
 */
@Entity()
export class Venue {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 60, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  address: string;

  @Column({ type: 'varchar', length: 40 })
  room: string;

  @Column()
  capacity: number;

  @CreateDateColumn()
  createdAt: Date;
}

/** The text a session shows as its place (pages, mails, the invitation's LOCATION), ≤ 200 characters. */
export function venueLabel(v: Pick<Venue, 'name' | 'room' | 'address'>): string {
  return `${v.name} ${v.room}（${v.address}）`.slice(0, 200);
}
