import type { Participant } from './participant.entity';

/** A participant's personal data: every change of these fields is audited (issue 9 item 13). */
export const PERSONAL_FIELDS = ['name', 'email', 'mobile'] as const;

/** Name, e-mail and mobile of a participant. */
export type PersonalData = Pick<Participant, (typeof PERSONAL_FIELDS)[number]>;

/** The changed fields only, before → after, as the audit log stores them. */
export interface PersonalDataChange {
  before: Partial<PersonalData>;
  after: Partial<PersonalData>;
}

/**
 * What changed between two versions of a participant's personal data (exact comparison: a
 * change of letter case in an address is a change of stored data). Pure.
 * @returns null when nothing changed.
 */
export function personalDataChange(before: PersonalData, after: PersonalData): PersonalDataChange | null {
  const changed = PERSONAL_FIELDS.filter((field) => before[field] !== after[field]);
  if (changed.length === 0) return null;
  return {
    before: Object.fromEntries(changed.map((field) => [field, before[field]])),
    after: Object.fromEntries(changed.map((field) => [field, after[field]])),
  };
}
