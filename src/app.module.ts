import { Module } from '@nestjs/common';
import { BalancingModule } from './balancing/balancing.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HomeController } from './home.controller';
import { InvitationsModule } from './invitations/invitations.module';
import { OrganisationModule } from './organisation/organisation.module';
import { OrganiserModule } from './organiser/organiser.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { SeedingModule } from './seeding/seeding.module';
import { TrainingModule } from './training/training.module';

/** The whole application. */
@Module({
  imports: [
    ConfigModule,
    CommonModule,
    DatabaseModule,
    SeedingModule,
    AuthModule,
    OrganisationModule,
    TrainingModule,
    InvitationsModule,
    RegistrationsModule,
    OrganiserModule,
    BalancingModule,
  ],
  controllers: [HomeController],
})
export class AppModule {}
