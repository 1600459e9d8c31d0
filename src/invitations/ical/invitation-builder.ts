import { InvitationTemplate, type PersonalEventInput, type SessionEventInput } from './invitation-template';
import type { InvitationInput } from './invitation-types';

export { buildInvitationWithIcs } from './ics-invitation';
export { InvitationTemplate } from './invitation-template';
export * from './invitation-types';

/** Compiled sessions kept (a session edit or a new DTSTAMP-independent fact makes a new one). */
const CACHE_SIZE = 256;
const templates = new Map<string, InvitationTemplate>();

/**
 * Builds the iTIP message (RFC 5546) for one participant and one session: a
 * VCALENDAR with METHOD REQUEST, CANCEL or PUBLISH holding ONE VEVENT whose DTSTART and
 * DTEND are the first day's hours in UTC, repeated by `RRULE:FREQ=DAILY;COUNT=n`
 * when the session lasts n > 1 days; a display VALARM one day before unless CANCEL.
 * REQUEST carries the ATTENDEE with RSVP=TRUE; PUBLISH carries no ATTENDEE (§3.2.1).
 * Same input gives byte-identical output, whatever the process's TZ.
 *
 * Generated with `ics` once per session (see {@link InvitationTemplate}; the compiled sessions
 * are cached), then corrected: lines re-folded by UTF-8 octets (ics folds by characters, C01),
 * ORGANIZER/ATTENDEE rewritten with valid parameter values, the VALARM's TRIGGER and
 * DESCRIPTION rewritten, UID escaped. Byte for byte the output of `buildInvitationWithIcs`.
 * Returns the calendar text with CRLF line endings.
 * @throws RangeError on a malformed date, time, day count, sequence or dtstamp.
 * @throws Error when `ics` rejects the input (e.g. an invalid e-mail or URL).
 */
export function buildInvitation(input: InvitationInput): string {
  return sessionTemplate(input).build(personal(input));
}

/**
 * The unfolded content lines of {@link buildInvitation}'s calendar, without line ends; used to
 * assemble a calendar of several events (calendar-feed.ts). Same errors as buildInvitation.
 */
export function invitationLines(input: InvitationInput): string[] {
  return sessionTemplate(input).lines(personal(input));
}

/**
 * The compiled template of the session part of `input` (cached by its facts); callers building
 * a whole session's invitations may hold it and call `build` per person.
 * @throws the session-level errors of buildInvitation.
 */
export function sessionTemplate(input: SessionEventInput): InvitationTemplate {
  const facts: SessionEventInput = {
    method: input.method,
    summary: input.summary,
    description: input.description,
    location: input.location,
    url: input.url,
    firstDay: input.firstDay,
    dayCount: input.dayCount,
    dailyStart: input.dailyStart,
    dailyEnd: input.dailyEnd,
    organizer: { name: input.organizer.name, email: input.organizer.email },
    alarm: input.alarm,
  };
  const key = JSON.stringify(facts);
  let template = templates.get(key);
  if (!template) {
    template = InvitationTemplate.compile(facts);
    if (templates.size >= CACHE_SIZE) templates.delete(templates.keys().next().value as string);
    templates.set(key, template);
  }
  return template;
}

function personal(input: InvitationInput): PersonalEventInput {
  return { uid: input.uid, sequence: input.sequence, dtstamp: input.dtstamp, attendee: input.attendee, excludedDays: input.excludedDays };
}
