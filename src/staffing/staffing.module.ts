import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { TrainingModule } from '../training/training.module';
import { AssignmentPagesController } from './assignment-pages.controller';
import { AssignmentViewsService } from './assignment-views.service';
import { AssignmentsService } from './assignments.service';
import { StaffImportService } from './staff-import.service';
import { StaffPagesController } from './staff-pages.controller';
import { StaffService } from './staff.service';
import { StaffingApiController } from './staffing-api.controller';
import { StaffingLedgerService } from './staffing-ledger.service';
import { StaffingReportsController } from './staffing-reports.controller';
import { StaffingReportsService } from './staffing-reports.service';
import { StaffingViewsService } from './staffing-views.service';
import { StaffingListsService } from './staffing-lists.service';
import { StaffingListViewsService } from './staffing-list-views.service';
import { TrainingHandoverService } from './training-handover.service';

/**
 * Staffing (issue #5): the staff register, placements and liaison (task 19), rotations (task 21),
 * contact points (task 27), the rule checks of tasks 12, 13, 17, 18 and 21 on every change,
 * reports, and the training hand-over of rotated-out office directors.
 */
@Module({
  imports: [OrganisationModule, TrainingModule, RegistrationsModule],
  controllers: [StaffPagesController, AssignmentPagesController, StaffingReportsController, StaffingApiController],
  providers: [
    StaffingLedgerService,
    StaffService,
    StaffImportService,
    AssignmentsService,
    TrainingHandoverService,
    StaffingReportsService,
    StaffingViewsService,
    AssignmentViewsService,
    StaffingListsService,
    StaffingListViewsService,
  ],
  exports: [StaffService, AssignmentsService, StaffingReportsService],
})
export class StaffingModule {}
