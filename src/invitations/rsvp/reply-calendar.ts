import ICAL from 'ical.js';
import type { RsvpPartstat } from '../calendar-invitation.entity';
import type { AttendeeReply } from '../invitation-replies.service';

/** Why a calendar file is not a reply we can use. */
export type UnusableReplyReason =
  | 'malformed-calendar'
  | 'not-a-reply'
  | 'no-event'
  | 'instance-reply'
  | 'several-uids'
  | 'attendee-count'
  | 'unsupported-partstat';

/** The reply read from one iCalendar text, or why it cannot be used. */
export type ReplyReading =
  | { ok: true; reply: AttendeeReply; organizer: string | null; sentBy: string | null }
  | { ok: false; reason: UnusableReplyReason; detail?: string };

const ANSWERS: readonly RsvpPartstat[] = ['ACCEPTED', 'TENTATIVE', 'DECLINED'];

/**
 * Reads an iTIP REPLY (RFC 5546 §3.2.3) with ical.js: METHOD:REPLY, VEVENTs of one UID, and in
 * the master event (no RECURRENCE-ID) exactly one ATTENDEE whose PARTSTAT is ACCEPTED, TENTATIVE
 * or DECLINED. A reply about single days only (RECURRENCE-ID) is not used: the product records
 * one answer per session. Addresses are returned without `mailto:`, lower-cased.
 * Pure; never throws.
 */
export function readReplyCalendar(text: string): ReplyReading {
  let calendar: ICAL.Component;
  try {
    const parsed = ICAL.parse(text) as unknown[];
    calendar = new ICAL.Component((Array.isArray(parsed[0]) ? parsed[0] : parsed) as unknown[]);
    if (calendar.name !== 'vcalendar') return { ok: false, reason: 'malformed-calendar', detail: calendar.name };
  } catch (error) {
    return { ok: false, reason: 'malformed-calendar', detail: (error as Error).message };
  }
  const method = String(calendar.getFirstPropertyValue('method') ?? '').toUpperCase();
  if (method !== 'REPLY') return { ok: false, reason: 'not-a-reply', detail: method || 'no METHOD' };
  const events = calendar.getAllSubcomponents('vevent');
  if (events.length === 0) return { ok: false, reason: 'no-event' };
  if (new Set(events.map((e) => String(e.getFirstPropertyValue('uid') ?? ''))).size > 1) return { ok: false, reason: 'several-uids' };
  const master = events.find((e) => !e.hasProperty('recurrence-id'));
  if (!master) return { ok: false, reason: 'instance-reply' };
  const uid = String(master.getFirstPropertyValue('uid') ?? '');
  if (!uid) return { ok: false, reason: 'no-event', detail: 'no UID' };
  const attendees = master.getAllProperties('attendee');
  if (attendees.length !== 1) return { ok: false, reason: 'attendee-count', detail: String(attendees.length) };
  const partstat = String(attendees[0].getParameter('partstat') ?? '').toUpperCase() as RsvpPartstat;
  if (!ANSWERS.includes(partstat)) return { ok: false, reason: 'unsupported-partstat', detail: partstat || 'none' };
  const stamp = master.getFirstPropertyValue('dtstamp');
  const sequence = Number(master.getFirstPropertyValue('sequence') ?? 0);
  return {
    ok: true,
    reply: {
      uid,
      attendee: address(attendees[0].getFirstValue()),
      partstat,
      sequence: Number.isInteger(sequence) && sequence >= 0 ? sequence : 0,
      dtstamp: stamp instanceof ICAL.Time ? stamp.toJSDate() : null,
    },
    organizer: master.hasProperty('organizer') ? address(master.getFirstPropertyValue('organizer')) : null,
    sentBy: attendees[0].getParameter('sent-by') ? address(attendees[0].getParameter('sent-by')) : null,
  };
}

function address(value: unknown): string {
  return String(value ?? '').replace(/^mailto:/i, '').trim().toLowerCase();
}
