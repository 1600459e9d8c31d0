import { Clock } from '../../src/common/clock';

/** A clock tests set and move by hand. */
export class FakeClock extends Clock {
  private current: Date;

  constructor(start: Date | string) {
    super({});
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
