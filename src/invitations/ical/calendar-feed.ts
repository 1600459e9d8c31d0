import { foldLines } from './folding';
import { escapeText } from './ical-text';
import { invitationLines, InvitationInput, PRODUCT_ID } from './invitation-builder';

/** One event of a published calendar: an invitation input without method or attendee. */
export type PublishedEvent = Omit<InvitationInput, 'method' | 'attendee'>;

/** How often a subscribing client should fetch a feed again (RFC 7986 §5.7). */
export const FEED_REFRESH = 'PT1H';

/**
 * Builds a `METHOD:PUBLISH` calendar (RFC 5546 §3.2.1) holding one VEVENT per entry, each
 * built by {@link invitationLines} exactly as the single-event file would be (same UID, same
 * SEQUENCE, UTC times, daily RRULE, no ATTENDEE), then folded by octets (RFC 5545 §3.1).
 * `name` becomes the calendar's NAME (RFC 7986 §5.1) and X-WR-CALNAME (Apple, Google, Outlook).
 * With no events the calendar holds no component: clients show it empty, though RFC 5545 §3.6
 * asks for at least one.
 * @returns the calendar text with CRLF line endings.
 * @throws the errors of buildInvitation for a malformed entry.
 */
export function buildCalendarFeed(name: string, events: readonly PublishedEvent[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `PRODID:${PRODUCT_ID}`,
    'METHOD:PUBLISH',
    `NAME:${escapeText(name)}`,
    `X-WR-CALNAME:${escapeText(name)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${FEED_REFRESH}`,
    `X-PUBLISHED-TTL:${FEED_REFRESH}`,
  ];
  for (const event of events) lines.push(...veventLines(invitationLines({ ...event, method: 'PUBLISH' })));
  lines.push('END:VCALENDAR');
  return foldLines(lines);
}

/** The BEGIN:VEVENT … END:VEVENT block of an unfolded single-event calendar. */
function veventLines(lines: readonly string[]): readonly string[] {
  const from = lines.indexOf('BEGIN:VEVENT');
  const to = lines.lastIndexOf('END:VEVENT');
  if (from < 0 || to < from) throw new Error('calendar has no VEVENT');
  return lines.slice(from, to + 1);
}
