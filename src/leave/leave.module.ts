import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { NoticeModule } from '../messaging/notice.module';
import { OrganisationModule } from '../organisation/organisation.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { TrainingModule } from '../training/training.module';
import { LeavePagesController } from './leave-pages.controller';
import { LeaveService } from './leave.service';
import { SubstitutesService } from './substitutes.service';
import { ParticipantLeaveController } from './participant-leave.controller';

/** Leave and substitutes (请假 / 替训, issue 11, item 4). */
@Module({
  imports: [AttendanceModule, InvitationsModule, NoticeModule, OrganisationModule, RegistrationsModule, TrainingModule],
  controllers: [LeavePagesController, ParticipantLeaveController],
  providers: [LeaveService, SubstitutesService],
  exports: [LeaveService],
})
export class LeaveModule {}
