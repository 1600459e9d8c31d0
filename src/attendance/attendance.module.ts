import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { TrainingModule } from '../training/training.module';
import { AttendancePagesController } from './attendance-pages.controller';
import { AttendancePolicyService } from './attendance-policy.service';
import { AttendanceService } from './attendance.service';
import { CompletionController } from './completion.controller';
import { DaysController } from './days.controller';
import { CompletionService } from './completion.service';
import { SessionRosterService } from './session-roster.service';
import { SignInCodesService } from './sign-in-codes.service';
import { SignInQrService } from './sign-in-qr.service';
import { SignInController } from './sign-in.controller';

/**
 * The training's own days (issue 11): daily sign-in (QR codes and the roster), attendance,
 * completion, rosters and sign-in sheets, certificates.
 */
@Module({
  imports: [OrganisationModule, TrainingModule],
  controllers: [SignInController, AttendancePagesController, CompletionController, DaysController],
  providers: [CompletionService, AttendanceService, AttendancePolicyService, SessionRosterService, SignInCodesService, SignInQrService],
  exports: [CompletionService, AttendanceService, AttendancePolicyService, SessionRosterService, SignInCodesService, SignInQrService],
})
export class AttendanceModule {}
