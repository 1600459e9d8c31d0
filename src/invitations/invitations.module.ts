import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { DispatcherService } from './dispatcher.service';
import { InvitationRepliesService } from './invitation-replies.service';
import { InvitationsService } from './invitations.service';
import { MailTemplatesService } from './mail-templates.service';
import { MailTransportService } from './mail-transport.service';
import { MailBatchesService } from './mail-batches.service';
import { OutboxClaimGuards } from './outbox-claim-guards';
import { OutboxSecretsService } from './outbox-secrets.service';
import { OutboxService } from './outbox.service';

/** Calendar invitations and their replies, the mail outbox and its background dispatcher. */
@Module({
  imports: [OrganisationModule],
  providers: [InvitationsService, InvitationRepliesService, OutboxService, OutboxSecretsService, MailTemplatesService, MailTransportService, DispatcherService, OutboxClaimGuards, MailBatchesService],
  exports: [InvitationsService, InvitationRepliesService, OutboxService, MailTemplatesService, DispatcherService, OutboxClaimGuards, MailBatchesService],
})
export class InvitationsModule {}
