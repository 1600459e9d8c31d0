import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { NoticeMailService } from './notice-mail.service';
import { WaitlistNoticesService } from './waitlist-notices.service';

/** The notice mailer, shared by leave, waitlist notices, reminders and group messages (issue 11). */
@Module({
  imports: [InvitationsModule],
  providers: [NoticeMailService, WaitlistNoticesService],
  exports: [NoticeMailService, WaitlistNoticesService],
})
export class NoticeModule {}
