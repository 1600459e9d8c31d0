import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Source of the current instant; rules take time from here, never from `new Date()` (house
 * rule 9). With `CLOCK_START` configured (the replay of April 2021), product time is real time
 * plus an offset fixed when the database first ran with that start; `ProductClockStore` keeps
 * the offset in the database so that a restart resumes the product clock instead of starting it
 * over (issue 9, item 2). Within a process the clock never goes backwards, even if the machine's
 * clock does.
 */
@Injectable()
export class Clock {
  private offsetMs: number;
  private lastMs = 0;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'clockStart'>) {
    this.offsetMs = config.clockStart ? config.clockStart.getTime() - Date.now() : 0;
  }

  now(): Date {
    this.lastMs = Math.max(this.lastMs, Date.now() + this.offsetMs);
    return new Date(this.lastMs);
  }

  /** The offset from real time, in milliseconds (0 on real time). */
  get offset(): number {
    return this.offsetMs;
  }

  /**
   * Continues from a stored offset. Only ever moves the clock forward: an offset that would
   * put product time before what this clock already said is ignored.
   */
  resume(offsetMs: number): void {
    if (offsetMs > this.offsetMs) this.offsetMs = offsetMs;
  }
}
