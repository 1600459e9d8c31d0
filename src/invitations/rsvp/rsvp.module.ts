import { Module } from '@nestjs/common';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { TrainingModule } from '../../training/training.module';
import { InvitationsModule } from '../invitations.module';
import { InboundSmtpService } from './inbound-smtp.service';
import { RsvpService } from './rsvp.service';

/**
 * RSVP by e-mail: the optional inbound SMTP listener and the handling of iTIP replies. Apart from
 * InvitationsModule because a declined seat is freed through RegistrationsModule, which itself
 * depends on InvitationsModule.
 */
@Module({
  imports: [InvitationsModule, RegistrationsModule, TrainingModule],
  providers: [RsvpService, InboundSmtpService],
  exports: [RsvpService, InboundSmtpService],
})
export class RsvpModule {}
