import { Module } from '@nestjs/common';
import { OrganisationModule } from '../../organisation/organisation.module';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { TrainingModule } from '../../training/training.module';
import { InvitationsModule } from '../invitations.module';
import { CalendarFilesController } from './calendar-files.controller';
import { CalendarFilesService } from './calendar-files.service';
import { MailBatchesController } from './mail-batches.controller';
import { OutboxPagesController } from './outbox-pages.controller';

/**
 * Pages and downloads of the invitations feature: an outbox message's exact bytes and resend,
 * calendar files for participants and organisers. Apart from InvitationsModule because it reads
 * registrations, and RegistrationsModule depends on InvitationsModule.
 */
@Module({
  imports: [InvitationsModule, RegistrationsModule, TrainingModule, OrganisationModule],
  controllers: [OutboxPagesController, CalendarFilesController, MailBatchesController],
  providers: [CalendarFilesService],
})
export class InvitationPagesModule {}
