import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { TrainingModule } from '../training/training.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { BalancingViewsService } from './balancing-views.service';
import { BalancingController } from './balancing.controller';
import { BalancingService } from './balancing.service';

/** Capacity balancing: the allocation engine and the organiser's preview / apply / restore. */
@Module({
  imports: [TrainingModule, OrganisationModule, RegistrationsModule, InvitationsModule],
  controllers: [BalancingController],
  providers: [BalancingService, BalancingViewsService],
  exports: [BalancingService],
})
export class BalancingModule {}
