import { AttendancePolicy } from './attendance-policy.entity';
import { Attendance } from './attendance.entity';
import { SignInCode } from './sign-in-code.entity';
import { LeaveRequest } from '../leave/leave-request.entity';
import { ReminderDelivery, ReminderRule } from '../messaging/reminder-rule.entity';
import { GroupMessage, GroupMessageRecipient } from '../messaging/group-message.entity';
import { InvitationExclusion } from '../invitations/invitation-exclusion.entity';

/** The tables of the training days (issue 11): attendance, sign-in codes, rules, leave, reminders, group messages. */
export const TRAINING_DAYS_ENTITIES = [Attendance, SignInCode, AttendancePolicy, LeaveRequest, ReminderRule, ReminderDelivery, GroupMessage, GroupMessageRecipient, InvitationExclusion];
