import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { MessagingModule } from '../messaging/messaging.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { OrganisationModule } from '../organisation/organisation.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { SchedulingRulesModule } from '../scheduling/scheduling-rules.module';
import { TrainingModule } from '../training/training.module';
import { OrganiserApiController } from './organiser-api.controller';
import { OrganiserPagesController } from './organiser-pages.controller';
import { DistrictScopeService } from './district-scope.service';
import { OrganiserViewsService } from './organiser-views.service';
import { RunOverviewService } from './run-overview.service';

/** The organiser's pages and JSON API, composed from the feature modules' services. */
@Module({
  imports: [TrainingModule, OrganisationModule, RegistrationsModule, InvitationsModule, SchedulingRulesModule, MessagingModule, AttendanceModule],
  controllers: [OrganiserPagesController, OrganiserApiController],
  providers: [OrganiserViewsService, RunOverviewService, DistrictScopeService],
})
export class OrganiserModule {}
