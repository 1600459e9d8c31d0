import { OfficeProfile } from './office-profile.entity';
import { StaffMember } from './staff-member.entity';
import { StaffingAssignment } from './staffing-assignment.entity';
import { StaffingHistory } from './staffing-history.entity';
import { TrainingHandover } from './training-handover.entity';

/** The staffing feature's tables (issue #5), listed in src/database/entities.ts. */
export const STAFFING_ENTITIES = [StaffMember, StaffingAssignment, StaffingHistory, OfficeProfile, TrainingHandover];
