import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { NoticeMailService } from './notice-mail.service';

/** The notice mailer, shared by leave, waitlist notices, reminders and group messages (issue 11). */
@Module({
  imports: [InvitationsModule],
  providers: [NoticeMailService],
  exports: [NoticeMailService],
})
export class NoticeModule {}
