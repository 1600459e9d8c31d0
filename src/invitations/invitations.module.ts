import { Module } from '@nestjs/common';
import { DispatcherService } from './dispatcher.service';
import { InvitationsService } from './invitations.service';
import { MailTemplatesService } from './mail-templates.service';
import { MailTransportService } from './mail-transport.service';
import { OutboxService } from './outbox.service';

/** Calendar invitations, the mail outbox and its background dispatcher. */
@Module({
  providers: [InvitationsService, OutboxService, MailTemplatesService, MailTransportService, DispatcherService],
  exports: [InvitationsService, OutboxService, MailTemplatesService, DispatcherService],
})
export class InvitationsModule {}
