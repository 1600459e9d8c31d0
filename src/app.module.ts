import { Module } from '@nestjs/common';
import { BalancingModule } from './balancing/balancing.module';
import { AttendanceModule } from './attendance/attendance.module';
import { RostersModule } from './attendance/rosters/rosters.module';
import { AuditModule } from './audit/audit.module';
import { LeaveModule } from './leave/leave.module';
import { MessagingModule } from './messaging/messaging.module';
import { AuditController } from './audit/audit.controller';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { HomeController } from './home.controller';
import { LoggingModule } from './logging/logging.module';
import { InvitationsModule } from './invitations/invitations.module';
import { InvitationPagesModule } from './invitations/pages/invitation-pages.module';
import { RsvpModule } from './invitations/rsvp/rsvp.module';
import { OrganisationModule } from './organisation/organisation.module';
import { OrganiserModule } from './organiser/organiser.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SeedingModule } from './seeding/seeding.module';
import { StaffingModule } from './staffing/staffing.module';
import { TrainingModule } from './training/training.module';

/** The whole application. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    CommonModule,
    DatabaseModule,
    AuditModule,
    SeedingModule,
    AuthModule,
    OrganisationModule,
    TrainingModule,
    InvitationsModule,
    InvitationPagesModule,
    RsvpModule,
    RegistrationsModule,
    OrganiserModule,
    BalancingModule,
    StaffingModule,
    SchedulingModule,
    HealthModule,
    AttendanceModule,
    RostersModule,
    LeaveModule,
    MessagingModule,
  ],
  controllers: [HomeController, AuditController],
})
export class AppModule {}
