import { createEvent, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import { foldLines, unfold } from './folding';
import { calAddressLine, escapeText, sanitizeText } from './ical-text';

/** Zone every session date and time is given in. UTC+8, no DST since 1991. */
export const SESSION_ZONE = 'Asia/Shanghai';

/** PRODID of every calendar object we write (RFC 5545 §3.7.3). */
export const PRODUCT_ID = '-//Shanghai Justice Training//Registration//ZH';

/**
 * iTIP method of the calendar object (RFC 5546 §3.2): REQUEST and CANCEL are mailed to the
 * attendee; PUBLISH is a plain copy to download or subscribe to, with no attendee.
 */
export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

/** What one invitation message describes. Dates are Asia/Shanghai local. */
export interface InvitationInput {
  method: CalendarMethod;
  /** Stable per participant per session. */
  uid: string;
  /** RFC 5545 SEQUENCE; the caller stores and raises it. */
  sequence: number;
  /** Instant the message was created (DTSTAMP). */
  dtstamp: Date;
  /** Session title; any Unicode, commas, semicolons, quotes. */
  summary: string;
  /** Plain text, may contain newlines. */
  description: string;
  location: string;
  /** Participant's personal link. */
  url?: string;
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  firstDay: string;
  /** Consecutive days, e.g. 2. */
  dayCount: number;
  /** 'HH:mm' Asia/Shanghai. */
  dailyStart: string;
  /** 'HH:mm' Asia/Shanghai, after dailyStart. */
  dailyEnd: string;
  organizer: { name: string; email: string };
  /** Required for REQUEST and CANCEL; never written for PUBLISH (RFC 5546 §3.2.1: no ATTENDEE). */
  attendee?: { name: string; email: string };
  /** Display alarm one day before; default: on for REQUEST and PUBLISH, never on CANCEL. */
  alarm?: boolean;
  /**
   * Days of the series the participant does not attend ('YYYY-MM-DD', e.g. an approved one-day
   * leave, issue 11): written as EXDATE (the day's start in UTC), so a later REQUEST or a download
   * does not bring back a day that was cancelled. Days that are not in the series are ignored.
   */
  excludedDays?: readonly string[];
}

const ATTENDEE_PARAMS = ['ROLE=REQ-PARTICIPANT', 'PARTSTAT=NEEDS-ACTION', 'RSVP=TRUE'];

/**
 * Builds the iTIP message (RFC 5546) for one participant and one session: a
 * VCALENDAR with METHOD REQUEST, CANCEL or PUBLISH holding ONE VEVENT whose DTSTART and
 * DTEND are the first day's hours in UTC, repeated by `RRULE:FREQ=DAILY;COUNT=n`
 * when the session lasts n > 1 days; a display VALARM one day before unless CANCEL.
 * REQUEST carries the ATTENDEE with RSVP=TRUE; PUBLISH carries no ATTENDEE (§3.2.1).
 * Same input gives byte-identical output, whatever the process's TZ.
 *
 * Generated with `ics`, then corrected: lines re-folded by UTF-8 octets (ics
 * folds by characters), ORGANIZER/ATTENDEE rewritten with valid parameter
 * values, the VALARM's TRIGGER and DESCRIPTION rewritten, UID escaped.
 * Returns the calendar text with CRLF line endings.
 * @throws RangeError on a malformed date, time, day count, sequence or dtstamp.
 * @throws Error when `ics` rejects the input (e.g. an invalid e-mail or URL).
 */
export function buildInvitation(input: InvitationInput): string {
  return foldLines(invitationLines(input));
}

/**
 * The unfolded content lines of {@link buildInvitation}'s calendar, without line ends; used to
 * assemble a calendar of several events (calendar-feed.ts). Same errors as buildInvitation.
 */
export function invitationLines(input: InvitationInput): string[] {
  if (input.method !== 'PUBLISH' && !input.attendee) throw new Error(`${input.method} needs an attendee`);
  const { start, end } = firstDayInstants(input);
  const raw = runIcs(input, start, end);
  const lines = correctIcsLines(unfold(raw).split('\r\n').filter((l) => l !== ''), input);
  assertPresent(lines, [
    `METHOD:${input.method}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${utcStamp(input.dtstamp.getTime())}`,
    `DTSTART:${utcStamp(start)}`,
    `DTEND:${utcStamp(end)}`,
  ]);
  return lines;
}

/** Day 1's start and end as epoch ms, read in Asia/Shanghai, independent of the process TZ. */
function firstDayInstants(input: InvitationInput): { start: number; end: number } {
  if (!Number.isInteger(input.dayCount) || input.dayCount < 1) {
    throw new RangeError(`dayCount must be a positive integer, got ${input.dayCount}`);
  }
  if (!Number.isInteger(input.sequence) || input.sequence < 0) {
    throw new RangeError(`sequence must be a non-negative integer, got ${input.sequence}`);
  }
  if (Number.isNaN(input.dtstamp.getTime())) throw new RangeError('dtstamp is an invalid Date');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.firstDay)) {
    throw new RangeError(`firstDay must be YYYY-MM-DD, got ${JSON.stringify(input.firstDay)}`);
  }
  const at = (time: string): number => {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
      throw new RangeError(`Daily times must be HH:mm, got ${JSON.stringify(time)}`);
    }
    const local = DateTime.fromISO(`${input.firstDay}T${time}`, { zone: SESSION_ZONE });
    if (!local.isValid) throw new RangeError(`Invalid firstDay ${input.firstDay}: ${local.invalidExplanation}`);
    return local.toMillis();
  };
  const start = at(input.dailyStart);
  const end = at(input.dailyEnd);
  if (end <= start) throw new RangeError(`dailyEnd ${input.dailyEnd} is not after dailyStart ${input.dailyStart}`);
  return { start, end };
}

/** ics 3.12 reads `timestamp` (DTSTAMP, defaulting to Date.now()) but its typings omit it. */
type IcsEventAttributes = EventAttributes & { timestamp: number };

function runIcs(input: InvitationInput, start: number, end: number): string {
  const attributes: IcsEventAttributes = {
    productId: PRODUCT_ID,
    method: input.method,
    uid: input.uid,
    sequence: input.sequence,
    timestamp: input.dtstamp.getTime(),
    title: sanitizeText(input.summary),
    description: sanitizeText(input.description) || undefined,
    location: sanitizeText(input.location) || undefined,
    url: input.url,
    // Epoch ms are instants: ics formats them with getUTC*(), never the local zone.
    start,
    end,
    startInputType: 'utc',
    startOutputType: 'utc',
    endInputType: 'utc',
    endOutputType: 'utc',
    recurrenceRule: input.dayCount > 1 ? `FREQ=DAILY;COUNT=${input.dayCount}` : undefined,
    status: input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees:
      input.method === 'PUBLISH' || !input.attendee
        ? undefined
        : [{ ...input.attendee, rsvp: true, role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION' }],
    alarms: hasAlarm(input)
      ? [{ action: 'display', description: reminderText(input), trigger: { before: true, days: 1 } }]
      : undefined,
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) {
    const details = (error as { errors?: string[] } | null)?.errors?.join('; ') ?? String(error?.message ?? error);
    throw new Error(`ics could not build the invitation: ${details}`);
  }
  return value;
}

/** Replaces the content lines ics gets wrong; `lines` are unfolded. */
function correctIcsLines(lines: readonly string[], input: InvitationInput): string[] {
  const corrected: string[] = [];
  const components: string[] = [];
  for (const line of lines) {
    const name = /^[A-Za-z0-9-]+/.exec(line)?.[0].toUpperCase() ?? '';
    if (name === 'BEGIN') components.push(line.slice('BEGIN:'.length).toUpperCase());
    const replacement = correctLine(`${components.at(-1)}/${name}`, line, input);
    if (name === 'END') components.pop();
    if (replacement !== null) corrected.push(replacement);
    if (`${components.at(-1)}/${name}` === 'VEVENT/RRULE') corrected.push(...exdateLines(input));
  }
  return corrected;
}

function correctLine(where: string, line: string, input: InvitationInput): string | null {
  switch (where) {
    case 'VCALENDAR/X-PUBLISHED-TTL':
      return null; // a feed refresh hint; meaningless in an iTIP message
    case 'VEVENT/UID':
      return `UID:${escapeText(input.uid)}`; // ics writes UID unescaped
    case 'VEVENT/ORGANIZER':
      return calAddressLine('ORGANIZER', input.organizer); // ics writes CN="a \"b\"" (RFC 5545 has no \" in params)
    case 'VEVENT/ATTENDEE':
      return input.attendee && input.method !== 'PUBLISH' ? calAddressLine('ATTENDEE', input.attendee, ATTENDEE_PARAMS) : null;
    case 'VALARM/TRIGGER':
      return 'TRIGGER:-P1D'; // ics writes "-P1DT": a "T" with no time part is not a valid duration (§3.3.6)
    case 'VALARM/DESCRIPTION':
      return `DESCRIPTION:${escapeText(reminderText(input))}`; // ics only escapes newlines here
    default:
      return line;
  }
}

/** EXDATE of the excluded days that are days of the series (their start, UTC like DTSTART). */
function exdateLines(input: InvitationInput): string[] {
  const series = Array.from({ length: input.dayCount }, (_, i) => DateTime.fromISO(`${input.firstDay}T${input.dailyStart}`, { zone: SESSION_ZONE }).plus({ days: i }));
  const excluded = series.filter((d) => input.excludedDays?.includes(d.toFormat('yyyy-MM-dd'))).map((d) => utcStamp(d.toMillis()));
  return excluded.length ? [`EXDATE:${excluded.join(',')}`] : [];
}

function hasAlarm(input: InvitationInput): boolean {
  return input.method !== 'CANCEL' && input.alarm !== false;
}

function reminderText(input: InvitationInput): string {
  return `明天 ${input.dailyStart} 开始：${input.summary}`;
}

/** Guards against an `ics` upgrade silently dropping a line an iTIP client needs. */
function assertPresent(lines: readonly string[], expected: readonly string[]): void {
  const missing = expected.filter((line) => !lines.includes(line));
  if (missing.length > 0) throw new Error(`ics output lacks ${missing.join(', ')}`);
}

function utcStamp(epochMs: number): string {
  return DateTime.fromMillis(epochMs, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
}
