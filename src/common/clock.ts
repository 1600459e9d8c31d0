import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Source of the current instant; rules take time from here, never from `new Date()` (house
 * rule 9). With `CLOCK_START` configured, time starts at that instant at boot and runs on.
 */
@Injectable()
export class Clock {
  private readonly offsetMs: number;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'clockStart'>) {
    this.offsetMs = config.clockStart ? config.clockStart.getTime() - Date.now() : 0;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
