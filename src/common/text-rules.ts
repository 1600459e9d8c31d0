import { ValidationOptions, registerDecorator } from 'class-validator';

/**
 * A mailbox address that every part of the chain accepts (class-validator, `ics`, nodemailer,
 * Outlook): ASCII `local@domain.tld`, no quotes, no spaces. Internationalised addresses are refused.
 */
export const MAILBOX = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * Characters no name, title or other one-line text may hold, whichever way it comes in (JSON API,
 * form, roster or staff import): C0 and C1 controls (CR, LF, NUL, tab, U+0085 NEL), line and
 * paragraph separators, bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069,
 * which can disguise text), and invisible format characters (U+200B–U+200D zero-width, U+2060–U+2064,
 * U+FEFF). Such text reaches mail subjects and calendar files.
 */
export const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** One text field: its Chinese label and its longest length in characters (code points). */
export interface TextRule {
  label: string;
  max: number;
}

/** The text fields of a training session, for the JSON API (UpdateSessionDto) and the session edit form alike. */
export const SESSION_TEXT = {
  title: { label: '名称', max: 100 },
  venue: { label: '地点', max: 200 },
} satisfies Record<string, TextRule>;

/** The text fields of a training run, for the run form and the JSON API alike (readRunForm); `topic` is one line of the topics. */
export const RUN_TEXT = {
  title: { label: '培训班名称', max: 100 },
  topic: { label: '培训主题', max: 60 },
  division: { label: '主办处室', max: 100 },
  contactName: { label: '联系人', max: 50 },
} satisfies Record<string, TextRule>;

/** The text fields of a venue, for the venue form and the JSON API alike (checkVenue). */
export const VENUE_TEXT = {
  name: { label: '场地名称', max: 60 },
  address: { label: '地址', max: 100 },
  room: { label: '教室或会议室', max: 40 },
} satisfies Record<string, TextRule>;

/** A person's name, wherever it is entered (registration API, roster import, staff register form and import). */
export const PERSON_NAME: TextRule = { label: '姓名', max: 50 };

/**
 * Why `value` breaks `rule`, in Chinese naming the field, or undefined when it is fine. Checks the
 * characters (UNSAFE_TEXT, well-formed UTF-16) and the length; whether empty is allowed is the
 * caller's rule. The one check behind every text field (issue 9, item 11).
 */
export function textProblem(value: string, rule: TextRule): string | undefined {
  if (UNSAFE_TEXT.test(value) || !(value as string & { isWellFormed(): boolean }).isWellFormed()) {
    return `${rule.label}不能含换行、制表符、控制字符或不可见的格式字符`;
  }
  if ([...value].length > rule.max) return `${rule.label}超过 ${rule.max} 个字符`;
  return undefined;
}

/** True for a person's name or a title: visible text (not blank), at most `max` characters, nothing UNSAFE_TEXT matches, well-formed Unicode. */
export function isCleanText(value: unknown, max: number): boolean {
  return typeof value === 'string' && value.trim().length > 0 && textProblem(value, { label: '', max }) === undefined;
}

/** Validation decorator for `isCleanText` (a rule's `max`, or a bare length) with a Chinese message naming the field. */
export function IsCleanText(rule: TextRule | number, options?: ValidationOptions): PropertyDecorator {
  const max = typeof rule === 'number' ? rule : rule.max;
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCleanText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property 必须是不超过 ${max} 字的文字，不能为空、不能含换行或控制字符`, ...options },
      validator: { validate: (value: unknown) => isCleanText(value, max) },
    });
}
