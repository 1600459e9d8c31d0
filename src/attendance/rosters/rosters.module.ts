import { Module } from '@nestjs/common';
import { OrganisationModule } from '../../organisation/organisation.module';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { TrainingModule } from '../../training/training.module';
import { AttendanceModule } from '../attendance.module';
import { ParticipantExportService } from './participant-export.service';
import { RostersController } from './rosters.controller';
import { RosterSheetsService } from './roster-sheets.service';

/** Rosters, sign-in sheets and the participant list export (issue 11, item 7). */
@Module({
  imports: [AttendanceModule, OrganisationModule, RegistrationsModule, TrainingModule],
  controllers: [RostersController],
  providers: [RosterSheetsService, ParticipantExportService],
  exports: [RosterSheetsService],
})
export class RostersModule {}
