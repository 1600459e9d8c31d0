import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { IsCleanText, SESSION_TEXT } from '../../common/text-rules';

const DAYS = { message: '$property 必须是 1–14 的整数' };
const CAPACITY = { message: '$property 必须是 0–10000 的整数' };
import { isCalendarDate, isClockTime, parseShanghaiDateTime } from '../../common/shanghai-time';

@ValidatorConstraint({ name: 'calendarDate' })
class CalendarDate implements ValidatorConstraintInterface {
  validate = (v: unknown) => typeof v === 'string' && isCalendarDate(v);
  defaultMessage = () => '$property 必须是真实存在的日期，格式 YYYY-MM-DD（如 2021-04-12）';
}

@ValidatorConstraint({ name: 'clockTime' })
class ClockTime implements ValidatorConstraintInterface {
  validate = (v: unknown) => typeof v === 'string' && isClockTime(v);
  defaultMessage = () => '$property 必须是时间，格式 HH:mm（如 09:00）';
}

@ValidatorConstraint({ name: 'shanghaiDateTime' })
class ShanghaiDateTime implements ValidatorConstraintInterface {
  validate = (v: unknown) => typeof v === 'string' && parseShanghaiDateTime(v) !== null;
  defaultMessage = () => '$property 必须是 ISO 8601 日期时间，如 2021-04-12T09:00:00+08:00；不带时区时按上海时间理解';
}

/**
 * An organiser's change to a session (JSON API and form). Dates Asia/Shanghai local.
 * `startsAt` sets the first day and the daily start at once (case C11: an offset is honoured,
 * no offset means Asia/Shanghai) and keeps the length of the day.
 */
export class UpdateSessionDto {
  @IsOptional() @IsCleanText(SESSION_TEXT.title)
  title?: string;

  @IsOptional() @Validate(CalendarDate)
  firstDay?: string;

  @IsOptional() @IsInt(DAYS) @Min(1, DAYS) @Max(14, DAYS)
  dayCount?: number;

  @IsOptional() @Validate(ClockTime)
  dailyStart?: string;

  @IsOptional() @Validate(ClockTime)
  dailyEnd?: string;

  @IsOptional() @Validate(ShanghaiDateTime)
  startsAt?: string;

  @IsOptional() @IsCleanText(SESSION_TEXT.venue)
  venue?: string;

  @IsOptional() @IsInt(CAPACITY) @Min(0, CAPACITY) @Max(10000, CAPACITY)
  capacity?: number;

  /** A venue from the list (issue 12); null: keep the place typed in `venue`. */
  @IsOptional() @IsInt({ message: '$property 必须是场地编号' })
  venueId?: number | null;

  /** Confirms the overridable calendar problems of this change (recorded in the audit log). */
  @IsOptional() @IsBoolean({ message: '$property 必须是 true 或 false' })
  override?: boolean;

  @IsOptional() @IsCleanText(200)
  overrideReason?: string;
}

/** Query of the public session list. */
export class ListSessionsQuery {
  @IsOptional() @Validate(ShanghaiDateTime)
  startsAfter?: string;

  @IsOptional() @IsIn(['scheduled', 'cancelled'], { message: '$property 只能是 scheduled 或 cancelled' })
  status?: string;
}
