import { Module } from '@nestjs/common';
import { ScheduleCheckService } from './schedule-check.service';
import { VenuesService } from './venues/venues.service';

/** The calendar rules and the venue list, for every feature that schedules sessions (issue 12). */
@Module({ providers: [ScheduleCheckService, VenuesService], exports: [ScheduleCheckService, VenuesService] })
export class SchedulingRulesModule {}
