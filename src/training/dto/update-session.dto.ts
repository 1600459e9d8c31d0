import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isCalendarDate, isClockTime, parseShanghaiDateTime } from '../../common/shanghai-time';

@ValidatorConstraint({ name: 'calendarDate' })
class CalendarDate implements ValidatorConstraintInterface {
  validate = (v: unknown) => typeof v === 'string' && isCalendarDate(v);
  defaultMessage = () => '$property must be a real date written YYYY-MM-DD';
}

@ValidatorConstraint({ name: 'clockTime' })
class ClockTime implements ValidatorConstraintInterface {
  validate = (v: unknown) => typeof v === 'string' && isClockTime(v);
  defaultMessage = () => '$property must be a time written HH:mm';
}

@ValidatorConstraint({ name: 'shanghaiDateTime' })
class ShanghaiDateTime implements ValidatorConstraintInterface {
  validate = (v: unknown) => typeof v === 'string' && parseShanghaiDateTime(v) !== null;
  defaultMessage = () => '$property must be an ISO 8601 date-time; without an offset it is read as Asia/Shanghai';
}

/**
 * An organiser's change to a session (JSON API and form). Dates Asia/Shanghai local.
 * `startsAt` sets the first day and the daily start at once (case C11: an offset is honoured,
 * no offset means Asia/Shanghai) and keeps the length of the day.
 */
export class UpdateSessionDto {
  @IsOptional() @IsString() @Length(1, 100)
  title?: string;

  @IsOptional() @Validate(CalendarDate)
  firstDay?: string;

  @IsOptional() @IsInt() @Min(1) @Max(14)
  dayCount?: number;

  @IsOptional() @Validate(ClockTime)
  dailyStart?: string;

  @IsOptional() @Validate(ClockTime)
  dailyEnd?: string;

  @IsOptional() @Validate(ShanghaiDateTime)
  startsAt?: string;

  @IsOptional() @IsString() @Length(1, 200)
  venue?: string;

  @IsOptional() @IsInt() @Min(0) @Max(10000)
  capacity?: number;
}

/** Query of the public session list. */
export class ListSessionsQuery {
  @IsOptional() @Validate(ShanghaiDateTime)
  startsAfter?: string;

  @IsOptional() @IsIn(['scheduled', 'cancelled'])
  status?: string;
}
