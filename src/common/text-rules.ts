import { ValidationOptions, registerDecorator } from 'class-validator';

/**
 * A mailbox address that every part of the chain accepts (class-validator, `ics`, nodemailer,
 * Outlook): ASCII `local@domain.tld`, no quotes, no spaces. Internationalised addresses are refused.
 */
export const MAILBOX = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** True for a person's name or a title: visible text, no control characters or line breaks, well-formed Unicode. */
export function isCleanText(value: unknown, max: number): boolean {
  return (
    typeof value === 'string' &&
    value.trim().length > 0 &&
    value.length <= max &&
    // C0 and C1 controls, line/paragraph separators, and bidirectional overrides (which can disguise text).
    !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(value) &&
    (value as string & { isWellFormed(): boolean }).isWellFormed()
  );
}

/** Validation decorator for `isCleanText` with a Chinese message naming the field. */
export function IsCleanText(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCleanText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property 必须是不超过 ${max} 字的文字，不能为空、不能含换行或控制字符`, ...options },
      validator: { validate: (value: unknown) => isCleanText(value, max) },
    });
}
