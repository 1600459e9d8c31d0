import type Mail from 'nodemailer/lib/mailer';
import { unfold } from '../ical/folding';

/** A mailbox: display name (any Unicode, commas, quotes) and address. */
export interface MailAddress {
  name: string;
  address: string;
}

/** iTIP methods the product sends by mail (RFC 5546 §1.4). */
export type MailedMethod = 'REQUEST' | 'CANCEL';

/** One invitation e-mail, as the outbox stores it. */
export interface InvitationMail {
  from: MailAddress;
  to: MailAddress;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries, e.g. `<outbox-42@training.example.org>`. */
  messageId: string;
  /** The mail's Date header: when the change was made (the product clock), stable across retries. */
  date?: Date;
  /** iCalendar object from buildInvitation; `method` must equal its METHOD. */
  calendar?: { method: MailedMethod; content: string };
  /** Other files, e.g. a PDF agenda; attached outside the alternative. */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** Name of the calendar file attached beside the alternative part. */
export function calendarFileName(method: MailedMethod): string {
  return method === 'CANCEL' ? 'cancel.ics' : 'invite.ics';
}

/**
 * Maps an invitation mail to nodemailer message options. With a calendar, the raw message is
 * `multipart/mixed` holding
 * - a `multipart/alternative` of text/plain, text/html and ONE
 *   `text/calendar; charset=utf-8; method=<METHOD>` part (RFC 6047 §2.4: the method parameter
 *   MUST be present and equal the file's METHOD), which Outlook, Gmail and Apple Mail read as the
 *   invitation;
 * - other attachments (e.g. a PDF agenda);
 * - the same file once more as an attachment, `application/ics; method=<METHOD>; name=invite.ics`
 *   (or cancel.ics), for clients and people who only look at attachments. It is application/ics,
 *   as Gmail sends it, so the message keeps exactly one text/calendar part, and it declares the
 *   same method so no part contradicts the file (case C05).
 *
 * The parts are written explicitly rather than through nodemailer's `icalEvent`, which always
 * adds its own `application/ics` attachment without a method and falls back to `method=PUBLISH`
 * when the method is left out (nodemailer #1615). Addresses are passed as objects so nodemailer
 * quotes and RFC 2047-encodes display names itself.
 * @throws Error when `calendar.method` differs from the content's METHOD line,
 *   or when an attachment is itself a calendar (it would declare no method).
 */
export function toNodemailerMessage(mail: InvitationMail): Mail.Options {
  const attachments: Mail.Attachment[] = (mail.attachments ?? []).map((attachment) => {
    if (/^(text\/calendar|application\/ics)\b/i.test(attachment.contentType)) {
      throw new Error(`Attachment ${attachment.filename} is a calendar; pass it as calendar instead`);
    }
    return { filename: attachment.filename, content: attachment.content, contentType: attachment.contentType };
  });
  const message: Mail.Options = {
    from: { name: mail.from.name, address: mail.from.address },
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    ...(mail.date ? { date: mail.date } : {}),
    attachments,
  };
  if (!mail.calendar) return message;
  const { method, content } = checkedCalendar(mail.calendar);
  message.alternatives = [{ contentType: `text/calendar; charset=utf-8; method=${method}`, content }];
  attachments.push({
    filename: calendarFileName(method),
    contentType: `application/ics; method=${method}`,
    contentDisposition: 'attachment',
    content: Buffer.from(content, 'utf8'),
  });
  return message;
}

function checkedCalendar(calendar: NonNullable<InvitationMail['calendar']>): NonNullable<InvitationMail['calendar']> {
  const declared = calendarMethod(calendar.content);
  if (declared !== calendar.method) {
    throw new Error(`Calendar METHOD is ${declared ?? 'missing'} but the mail declares ${calendar.method}`);
  }
  return calendar;
}

/** The VCALENDAR-level METHOD value (RFC 5545 §3.7.2), upper-cased, or undefined. */
export function calendarMethod(content: string): string | undefined {
  const line = unfold(content)
    .split(/\r?\n/)
    .find((l) => /^METHOD:/i.test(l));
  return line?.slice('METHOD:'.length).trim().toUpperCase();
}
