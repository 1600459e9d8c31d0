import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';

/** The iCalendar facts tests check, read with ical.js. */
export interface ParsedInvitation {
  method: string;
  uid: string;
  sequence: number;
  dtstamp: Date;
  summary: string;
  organizer: string;
  attendee: string;
  status: string | null;
  /** Each occurrence's start and end as ISO instants (RRULE expanded). */
  occurrences: { start: string; end: string }[];
}

/** Parses an iCalendar text with ical.js and expands its event. */
export function parseInvitation(text: string): ParsedInvitation {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  const occurrences: { start: string; end: string }[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(), i = 0; next && i < 50; next = iterator.next(), i++) {
    const details = event.getOccurrenceDetails(next);
    occurrences.push({ start: details.startDate.toJSDate().toISOString(), end: details.endDate.toJSDate().toISOString() });
    if (!event.isRecurring()) break;
  }
  const stamp = vevent.getFirstPropertyValue('dtstamp') as ICAL.Time;
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: Number(vevent.getFirstPropertyValue('sequence')),
    dtstamp: stamp.toJSDate(),
    summary: event.summary,
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    attendee: String(vevent.getFirstPropertyValue('attendee')),
    status: (vevent.getFirstPropertyValue('status') as string | null) ?? null,
    occurrences,
  };
}

/** The text/calendar alternative of a parsed mail (nodemailer's icalEvent). */
export function calendarOf(mail: ParsedMail): ParsedInvitation {
  const text = (mail as ParsedMail & { textAsHtml?: string }).attachments.find((a) => /text\/calendar/i.test(a.contentType))?.content.toString('utf8');
  if (!text) throw new Error(`No text/calendar part in "${mail.subject}"`);
  return parseInvitation(text);
}
