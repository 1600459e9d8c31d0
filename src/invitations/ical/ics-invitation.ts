import { createEvent, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import { foldLines, unfold } from './folding';
import { calAddressLine, escapeText, sanitizeText } from './ical-text';
import { type InvitationInput, PRODUCT_ID, SESSION_ZONE } from './invitation-types';

/** Parameters of the ATTENDEE line after CN. */
export const ATTENDEE_PARAMS = ['ROLE=REQ-PARTICIPANT', 'PARTSTAT=NEEDS-ACTION', 'RSVP=TRUE'];

/**
 * The reference builder, once per person: the iTIP message (RFC 5546) for one participant and one session: a
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
export function buildInvitationWithIcs(input: InvitationInput): string {
  return foldLines(icsInvitationLines(input));
}

/**
 * The unfolded content lines of {@link buildInvitationWithIcs}'s calendar, without line ends
 * (`ics` runs once per call: the slow part, ~0.3 ms). Same errors as buildInvitationWithIcs.
 */
export function icsInvitationLines(input: InvitationInput): string[] {
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

/** 'YYYYMMDDTHHMMSSZ' of an instant (epoch ms), as DTSTAMP, DTSTART and EXDATE are written. */
export function utcStamp(epochMs: number): string {
  return DateTime.fromMillis(epochMs, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
}
