import { AttendancePolicy } from './attendance-policy.entity';
import { Attendance } from './attendance.entity';
import { SignInCode } from './sign-in-code.entity';

/** The tables of the training days' attendance (issue 11). */
export const ATTENDANCE_ENTITIES = [Attendance, SignInCode, AttendancePolicy];
