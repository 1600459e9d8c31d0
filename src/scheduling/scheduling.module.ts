import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { TrainingModule } from '../training/training.module';
import { RunPlanningService } from './runs/run-planning.service';
import { SchedulingApiController } from './scheduling-api.controller';
import { SchedulingPagesController } from './scheduling-pages.controller';
import { SchedulingRulesModule } from './scheduling-rules.module';
import { SchedulingViewsService } from './scheduling-views.service';
import { VenuePagesController } from './venues/venue-pages.controller';

/** Scheduling (issue 12): planning runs and their sessions on China's working-day calendar; venues. */
@Module({
  imports: [TrainingModule, OrganisationModule, RegistrationsModule, SchedulingRulesModule],
  controllers: [SchedulingPagesController, VenuePagesController, SchedulingApiController],
  providers: [RunPlanningService, SchedulingViewsService],
  exports: [RunPlanningService],
})
export class SchedulingModule {}
