import { foldLines } from './folding';
import { calAddressLine, escapeText } from './ical-text';
import { PRODUCT_ID } from './invitation-builder';

/** One day of a recurring invitation to cancel (issue 11, item 4: leave for one day). */
export interface OccurrenceCancelInput {
  /** The invitation's UID (same as its REQUEST). */
  uid: string;
  /** Higher than every SEQUENCE sent for the UID so far; the caller stores it. */
  sequence: number;
  dtstamp: Date;
  summary: string;
  location: string;
  /** The cancelled day's start and end instants; the start is the RECURRENCE-ID. */
  start: Date;
  end: Date;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * An iTIP CANCEL of one occurrence (RFC 5546 §3.2.5, "cancel one instance of a recurring
 * event"): METHOD:CANCEL, one VEVENT with the invitation's UID, a higher SEQUENCE and the
 * RECURRENCE-ID of the day (its start in UTC, as the master's DTSTART is UTC), STATUS:CANCELLED.
 * Calendar clients remove that day only; the other days of the series stay. CRLF, folded by octets.
 * @throws Error when an address cannot be written as a mailto URI.
 */
export function buildOccurrenceCancel(input: OccurrenceCancelInput): string {
  return foldLines([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'METHOD:CANCEL',
    'BEGIN:VEVENT',
    `UID:${escapeText(input.uid)}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${stamp(input.dtstamp)}`,
    `RECURRENCE-ID:${stamp(input.start)}`,
    `DTSTART:${stamp(input.start)}`,
    `DTEND:${stamp(input.end)}`,
    `SUMMARY:${escapeText(input.summary)}`,
    `LOCATION:${escapeText(input.location)}`,
    'STATUS:CANCELLED',
    calAddressLine('ORGANIZER', input.organizer),
    calAddressLine('ATTENDEE', input.attendee, ['ROLE=REQ-PARTICIPANT']),
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
}
