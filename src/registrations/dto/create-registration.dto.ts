import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { IsCleanText, MAILBOX, PERSON_NAME } from '../../common/text-rules';

const IDS = { message: '$property 必须是 1–3 个不重复的期次编号（整数），按志愿先后排列' };
const ID_LIST = { message: '$property 必须是期次编号（整数）的列表' };

/** Contact details a participant confirms or corrects when registering. */
export class ParticipantContactDto {
  @IsCleanText(PERSON_NAME)
  name!: string;

  @Matches(MAILBOX, { message: '$property 必须是有效的电子邮箱地址（如 name@example.org）' })
  email!: string;

  @IsOptional() @Matches(/^1[3-9]\d{9}$/, { message: '$property 必须是 11 位手机号码' })
  mobile?: string;
}

/** Ranked choice of sessions; the first is the most wanted. Source: plan step 二(二). */
export class CreateRegistrationDto {
  @IsArray(IDS) @ArrayMinSize(1, IDS) @ArrayMaxSize(3, IDS) @IsInt({ each: true, ...IDS })
  preferredSessionIds!: number[];

  /** Sessions the participant cannot attend (used when organisers balance sessions). */
  @IsOptional() @IsArray(ID_LIST) @ArrayMaxSize(20, ID_LIST) @IsInt({ each: true, ...ID_LIST })
  unavailableSessionIds?: number[];

  @IsOptional() @IsObject({ message: '$property 必须是对象：{ name, email, mobile }' }) @ValidateNested() @Type(() => ParticipantContactDto)
  participant?: ParticipantContactDto;
}

/** A new ranked choice for an existing registration. */
export class ChangeRegistrationDto {
  @IsArray(IDS) @ArrayMinSize(1, IDS) @ArrayMaxSize(3, IDS) @IsInt({ each: true, ...IDS })
  preferredSessionIds!: number[];

  @IsOptional() @IsArray(ID_LIST) @ArrayMaxSize(20, ID_LIST) @IsInt({ each: true, ...ID_LIST })
  unavailableSessionIds?: number[];
}

/** Organiser: the session to move a registration into. */
export class MoveRegistrationDto {
  @IsInt({ message: '$property 必须是期次编号（整数）' })
  sessionId!: number;
}
