import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The replay clock's anchor (one row, id 1): the configured `CLOCK_START` and the offset from
 * real time it was given when the database first ran with it. Read at boot so that product time
 * never runs backwards across restarts (issue 9, item 2).
 */
@Entity('product_clock')
export class ProductClockState {
  @PrimaryColumn('integer')
  id: number;

  /** `CLOCK_START` as an ISO 8601 instant (UTC). */
  @Column('varchar', { length: 40 })
  configuredStart: string;

  /** Product time minus real time, in milliseconds. */
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  offsetMs: number;
}
