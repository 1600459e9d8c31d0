import type Mail from 'nodemailer/lib/mailer';
import { unfold } from '../ical/folding';

/** A mailbox: display name (any Unicode, commas, quotes) and address. */
export interface MailAddress {
  name: string;
  address: string;
}

/** One invitation e-mail, as the outbox stores it. */
export interface InvitationMail {
  from: MailAddress;
  to: MailAddress;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries, e.g. `<outbox-42@training.example.org>`. */
  messageId: string;
  /** iCalendar object from buildInvitation; `method` must equal its METHOD. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Other files, e.g. a PDF agenda; attached outside the alternative. */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/**
 * Maps an invitation mail to nodemailer message options. With a calendar, the
 * raw message carries text/plain, text/html and ONE
 * `text/calendar; charset=utf-8; method=<METHOD>` part inside
 * multipart/alternative (RFC 6047 §2.4), other attachments outside it.
 * nodemailer also attaches the same file as `application/ics` (no method
 * parameter) for clients that only look at attachments.
 *
 * `icalEvent.method` is always set: nodemailer writes `method=PUBLISH` when it
 * is left out, whatever the file's METHOD says (nodemailer #1615, case C05).
 * Addresses are passed as objects so nodemailer quotes and RFC 2047-encodes
 * display names itself.
 * @throws Error when `calendar.method` differs from the content's METHOD line,
 *   or when an attachment is itself a calendar (it would declare no method).
 */
export function toNodemailerMessage(mail: InvitationMail): Mail.Options {
  const attachments = (mail.attachments ?? []).map((attachment) => {
    if (/^(text\/calendar|application\/ics)\b/i.test(attachment.contentType)) {
      throw new Error(`Attachment ${attachment.filename} is a calendar; pass it as calendar instead`);
    }
    return { filename: attachment.filename, content: attachment.content, contentType: attachment.contentType };
  });
  return {
    from: { name: mail.from.name, address: mail.from.address },
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    attachments,
    ...(mail.calendar && { icalEvent: icalEvent(mail.calendar) }),
  };
}

function icalEvent(calendar: NonNullable<InvitationMail['calendar']>): Mail.IcalAttachment {
  const declared = calendarMethod(calendar.content);
  if (declared !== calendar.method) {
    throw new Error(`Calendar METHOD is ${declared ?? 'missing'} but the mail declares ${calendar.method}`);
  }
  return {
    method: calendar.method,
    filename: calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
    content: calendar.content,
  };
}

/** The VCALENDAR-level METHOD value (RFC 5545 §3.7.2), upper-cased, or undefined. */
function calendarMethod(content: string): string | undefined {
  const line = unfold(content)
    .split(/\r?\n/)
    .find((l) => /^METHOD:/i.test(l));
  return line?.slice('METHOD:'.length).trim().toUpperCase();
}
