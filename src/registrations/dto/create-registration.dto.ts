import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsInt, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

/** Contact details a participant confirms or corrects when registering. */
export class ParticipantContactDto {
  @IsString() @Length(1, 50)
  name!: string;

  @IsEmail() @Length(3, 254)
  email!: string;

  @IsOptional() @Matches(/^1[3-9]\d{9}$/, { message: 'mobile must be an 11-digit mainland mobile number' })
  mobile?: string;
}

/** Ranked choice of sessions; the first is the most wanted. Source: plan step 二(二). */
export class CreateRegistrationDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @IsInt({ each: true })
  preferredSessionIds!: number[];

  /** Sessions the participant cannot attend (used when organisers balance sessions). */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsInt({ each: true })
  unavailableSessionIds?: number[];

  @IsOptional() @IsObject() @ValidateNested() @Type(() => ParticipantContactDto)
  participant?: ParticipantContactDto;
}

/** A new ranked choice for an existing registration. */
export class ChangeRegistrationDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @IsInt({ each: true })
  preferredSessionIds!: number[];

  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsInt({ each: true })
  unavailableSessionIds?: number[];
}

/** Organiser: the session to move a registration into. */
export class MoveRegistrationDto {
  @IsInt()
  sessionId!: number;
}
