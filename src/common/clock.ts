import { Injectable } from '@nestjs/common';

/** Source of the current instant; rules take time from here, never from `new Date()` (house rule 9). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
