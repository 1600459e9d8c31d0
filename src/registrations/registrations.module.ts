import { NoticeModule } from '../messaging/notice.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { OrganisationModule } from '../organisation/organisation.module';
import { SchedulingRulesModule } from '../scheduling/scheduling-rules.module';
import { TrainingModule } from '../training/training.module';
import { ParticipantPagesController } from './participant-pages.controller';
import { ParticipantPortalService } from './participant-portal.service';
import { PlacementsService } from './placements.service';
import { PersonalLinksService } from './personal-links.service';
import { RegistrationsApiController } from './registrations-api.controller';
import { OnBehalfMailService } from './on-behalf-mail.service';
import { OwnRegistrationReader } from './own-registration.reader';
import { RegistrationsService } from './registrations.service';
import { SessionChangesService } from './session-changes.service';
import { WaitlistService } from './waitlist.service';

/** Registration, waitlist, personal links and the consequences of session changes. */
@Module({
  imports: [TrainingModule, OrganisationModule, InvitationsModule, SchedulingRulesModule, AttendanceModule, NoticeModule],
  controllers: [ParticipantPagesController, RegistrationsApiController],
  providers: [OwnRegistrationReader, OnBehalfMailService, RegistrationsService, WaitlistService, SessionChangesService, PersonalLinksService, ParticipantPortalService, PlacementsService],
  exports: [RegistrationsService, SessionChangesService, PersonalLinksService, PlacementsService],
})
export class RegistrationsModule {}
