import { DateTime } from 'luxon';
import { foldLine } from './folding';
import { calAddressLine, escapeText } from './ical-text';
import { ATTENDEE_PARAMS, icsInvitationLines, utcStamp } from './ics-invitation';
import { type InvitationInput, SESSION_ZONE } from './invitation-types';

/** The facts that differ from one person of a session to the next. */
export type PersonalKey = 'uid' | 'sequence' | 'dtstamp' | 'attendee' | 'excludedDays';

/** What one person's invitation adds to the session's: UID, SEQUENCE, DTSTAMP, ATTENDEE, EXDATE. */
export type PersonalEventInput = Pick<InvitationInput, PersonalKey>;

/** What every person's invitation to one session shares (method, times, texts, organiser, URL). */
export type SessionEventInput = Omit<InvitationInput, PersonalKey>;

/** Values `ics` is run with once, to be replaced per person. */
const PLACEHOLDER = {
  uid: 'invitation-template-uid@template.invalid',
  sequence: 0,
  dtstamp: new Date(Date.UTC(2000, 0, 1)),
  attendee: { name: 'Template Attendee', email: 'template.attendee@example.org' },
};

/**
 * The HTML spec's valid e-mail address, as `ics` 3.12 checks an attendee's address (yup 1.7
 * `string().email()`): kept here so the build-once path refuses what the per-person build refused.
 */
const ICS_EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

type Slot = 'uid' | 'sequence' | 'dtstamp' | 'attendee' | 'exdate';
/** A piece of the calendar: fixed text (already folded, CRLF-terminated) or a personal line. */
type Piece = { text: string } | { slot: Slot };

/**
 * One session's invitation, compiled once: `ics` runs once with placeholder personal values and
 * its output is corrected (folding by octets, C01; parameters, C02; alarm) exactly as
 * {@link buildInvitationWithIcs} corrects it. Each person's calendar is then the fixed lines,
 * folded once, with the person's UID, SEQUENCE, DTSTAMP, ATTENDEE and EXDATE lines put in place;
 * byte for byte what the per-person build gives (tested, invitation-template.spec.ts).
 */
export class InvitationTemplate {
  private constructor(
    private readonly method: InvitationInput['method'],
    private readonly unfolded: readonly (string | Slot)[],
    private readonly pieces: readonly Piece[],
    /** The series' days: 'YYYY-MM-DD' and the day's start as written in EXDATE. */
    private readonly series: readonly { day: string; stamp: string }[],
  ) {}

  /**
   * Compiles the session's part of the invitation.
   * @throws the session-level errors of buildInvitationWithIcs (RangeError on a malformed date,
   *   time or day count; Error when `ics` rejects the input); Error if `ics` wrote a personal
   *   value anywhere but its own line (the template would then be wrong).
   */
  static compile(event: SessionEventInput): InvitationTemplate {
    const attendee = event.method === 'PUBLISH' ? undefined : PLACEHOLDER.attendee;
    const lines = icsInvitationLines({ ...event, ...PLACEHOLDER, attendee, excludedDays: [] });
    const slotOf = new Map<string, Slot>([
      [`UID:${escapeText(PLACEHOLDER.uid)}`, 'uid'],
      [`SEQUENCE:${PLACEHOLDER.sequence}`, 'sequence'],
      [`DTSTAMP:${utcStamp(PLACEHOLDER.dtstamp.getTime())}`, 'dtstamp'],
      [calAddressLine('ATTENDEE', PLACEHOLDER.attendee, ATTENDEE_PARAMS), 'attendee'],
    ]);
    const unfolded: (string | Slot)[] = [];
    for (const line of lines) {
      const slot = slotOf.get(line);
      if (slot) {
        if (unfolded.includes(slot)) throw new Error(`invitation template: ${slot} appears twice`);
        unfolded.push(slot);
      } else if (line.includes(PLACEHOLDER.uid) || line.includes(PLACEHOLDER.attendee.email)) {
        throw new Error(`invitation template: a personal value leaked into ${line.slice(0, 20)}`);
      } else {
        unfolded.push(line);
      }
      if (line.startsWith('RRULE:')) unfolded.push('exdate');
    }
    const expected: Slot[] = event.method === 'PUBLISH' ? ['uid', 'sequence', 'dtstamp'] : ['uid', 'sequence', 'dtstamp', 'attendee'];
    const missing = expected.filter((slot) => !unfolded.includes(slot));
    if (missing.length) throw new Error(`invitation template: ics output lacks ${missing.join(', ')}`);
    const pieces: Piece[] = [];
    for (const part of unfolded) {
      const last = pieces.at(-1);
      if (isSlot(part)) pieces.push({ slot: part });
      else if (last && 'text' in last) last.text += `${foldLine(part)}\r\n`;
      else pieces.push({ text: `${foldLine(part)}\r\n` });
    }
    const first = DateTime.fromISO(`${event.firstDay}T${event.dailyStart}`, { zone: SESSION_ZONE });
    const series = Array.from({ length: event.dayCount }, (_, i) => first.plus({ days: i })).map((d) => ({ day: d.toFormat('yyyy-MM-dd'), stamp: utcStamp(d.toMillis()) }));
    return new InvitationTemplate(event.method, unfolded, pieces, series);
  }

  /**
   * One person's calendar, CRLF line endings, folded by octets.
   * @throws RangeError on a malformed sequence or dtstamp; Error when a REQUEST or CANCEL has no
   *   attendee or the attendee's address is not one `ics` accepts.
   */
  build(person: PersonalEventInput): string {
    const values = this.personalLines(person);
    let out = '';
    for (const piece of this.pieces) {
      if ('text' in piece) out += piece.text;
      else if (values[piece.slot] !== '') out += `${foldLine(values[piece.slot])}\r\n`;
    }
    return out;
  }

  /** One person's unfolded content lines, without line ends (for feeds of several events). Same errors as build. */
  lines(person: PersonalEventInput): string[] {
    const values = this.personalLines(person);
    return this.unfolded.flatMap((part) => (isSlot(part) ? (values[part] === '' ? [] : [values[part]]) : [part]));
  }

  private personalLines(person: PersonalEventInput): Record<Slot, string> {
    if (this.method !== 'PUBLISH' && !person.attendee) throw new Error(`${this.method} needs an attendee`);
    if (!Number.isInteger(person.sequence) || person.sequence < 0) {
      throw new RangeError(`sequence must be a non-negative integer, got ${person.sequence}`);
    }
    const stamp = person.dtstamp.getTime();
    if (Number.isNaN(stamp)) throw new RangeError('dtstamp is an invalid Date');
    let attendee = '';
    if (this.method !== 'PUBLISH' && person.attendee) {
      if (!ICS_EMAIL.test(person.attendee.email)) throw new Error('ics could not build the invitation: attendees[0].email must be a valid email');
      attendee = calAddressLine('ATTENDEE', person.attendee, ATTENDEE_PARAMS);
    }
    const excluded = person.excludedDays?.length ? this.series.filter((d) => person.excludedDays!.includes(d.day)).map((d) => d.stamp) : [];
    return {
      uid: `UID:${escapeText(person.uid)}`,
      sequence: `SEQUENCE:${person.sequence}`,
      dtstamp: `DTSTAMP:${quickStamp(stamp)}`,
      attendee,
      exdate: excluded.length ? `EXDATE:${excluded.join(',')}` : '',
    };
  }
}

/** utcStamp without luxon (the per-person path runs it for every message); same text for years 1000–9999. */
function quickStamp(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2021-03-22T01:00:00.000Z
  if (iso.length !== 24 || iso[0] === '0') return utcStamp(epochMs);
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

function isSlot(part: string | Slot): part is Slot {
  return part === 'uid' || part === 'sequence' || part === 'dtstamp' || part === 'attendee' || part === 'exdate';
}
