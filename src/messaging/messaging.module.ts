import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AttendanceModule } from '../attendance/attendance.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { OrganisationModule } from '../organisation/organisation.module';
import { TrainingModule } from '../training/training.module';
import { GroupAudienceService } from './group-audience.service';
import { GroupMessagesController } from './group-messages.controller';
import { GroupMessagesService } from './group-messages.service';
import { MassMailPreviewService } from './mass-mail-preview.service';
import { NoticeModule } from './notice.module';
import { ReminderRulesService } from './reminder-rules.service';
import { RemindersController } from './reminders.controller';
import { RemindersScheduler } from './reminders.scheduler';
import { RemindersService } from './reminders.service';

/** Reminders, group messages and waitlist notices (issue 11): everything goes through the outbox. */
@Module({
  imports: [ScheduleModule.forRoot(), AttendanceModule, InvitationsModule, NoticeModule, OrganisationModule, TrainingModule],
  controllers: [RemindersController, GroupMessagesController],
  providers: [MassMailPreviewService, RemindersService, ReminderRulesService, RemindersScheduler, GroupAudienceService, GroupMessagesService],
  exports: [RemindersService, MassMailPreviewService],
})
export class MessagingModule {}
