import ICAL from 'ical.js';
import { buildCalendarFeed, PublishedEvent } from './calendar-feed';
import { unfold } from './folding';
import { buildInvitation } from './invitation-builder';
import { referenceSession } from '../../../test/fixtures/reference-session';

/** Reference session R1 (CASES.md) for 陈晓明. */
const R1 = referenceSession({ method: 'PUBLISH', sequence: 3 });

const contentLines = (ics: string) => unfold(ics).split('\r\n');
const calendar = (ics: string) => new ICAL.Component(ICAL.parse(ics));

function expectOctetFolded(ics: string): void {
  expect(ics.endsWith('\r\n')).toBe(true);
  for (const line of ics.slice(0, -2).split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  expect(ics).not.toContain('\uFFFD');
}

describe('buildInvitation with METHOD:PUBLISH (RFC 5546 §3.2.1)', () => {
  const sut = buildInvitation;

  it('keeps UID and SEQUENCE, has an ORGANIZER, and no ATTENDEE or RSVP', () => {
    const ics = sut(R1);
    const vevent = calendar(ics).getFirstSubcomponent('vevent')!;
    expect(calendar(ics).getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(vevent.getFirstPropertyValue('uid')).toBe(R1.uid);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(3);
    expect(vevent.getFirstProperty('organizer')?.getFirstValue()).toBe('mailto:training@example.org');
    expect(vevent.getAllProperties('attendee')).toHaveLength(0);
    expect(ics).not.toMatch(/RSVP|PARTSTAT/);
    expect(contentLines(ics)).toEqual(expect.arrayContaining(['STATUS:CONFIRMED', 'DTSTART:20210412T010000Z', 'RRULE:FREQ=DAILY;COUNT=2']));
  });

  it('differs from the REQUEST only in METHOD and the ATTENDEE line', () => {
    const request = contentLines(sut({ ...R1, method: 'REQUEST' }));
    const published = contentLines(sut(R1));
    expect(request.filter((l) => !/^(METHOD|ATTENDEE)[:;]/.test(l))).toEqual(published.filter((l) => !l.startsWith('METHOD:')));
  });

  it('keeps the reminder unless asked not to', () => {
    expect(sut(R1)).toContain('BEGIN:VALARM');
    expect(sut({ ...R1, alarm: false })).not.toContain('VALARM');
  });

  it('refuses a REQUEST or CANCEL without an attendee', () => {
    expect(() => sut({ ...R1, method: 'REQUEST', attendee: undefined })).toThrow(/attendee/);
    expect(() => sut({ ...R1, method: 'CANCEL', attendee: undefined })).toThrow(/attendee/);
  });
});

describe(buildCalendarFeed.name, () => {
  const sut = buildCalendarFeed;
  const event = (i: number, summary: string): PublishedEvent => ({ ...R1, uid: `p${i}-s1@training.example.org`, sequence: i, summary });
  const titles = ['全市司法所长培训班（第一期） · 陈晓明', '司'.repeat(39) + '🎓', 'A'.repeat(66) + '🎓' + 'B'.repeat(10)];

  it('holds one VEVENT per participant UID, each with its own SEQUENCE, METHOD:PUBLISH', () => {
    const ics = sut('全市司法所长培训班（第一期） · 参训人员', titles.map((t, i) => event(i, t)));
    const cal = calendar(ics);
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual(['p0-s1@training.example.org', 'p1-s1@training.example.org', 'p2-s1@training.example.org']);
    expect(events.map((e) => e.sequence)).toEqual([0, 1, 2]);
    expect(events.map((e) => e.summary)).toEqual(titles);
    expect(events.every((e) => e.attendees.length === 0)).toBe(true);
    expect(contentLines(ics).filter((l) => l === 'BEGIN:VCALENDAR')).toHaveLength(1);
  });

  it('folds by octets and escapes the calendar name (cases C01, RFC 5545 §3.3.11)', () => {
    const name = '第一期, 参训人员; "名单"';
    const ics = sut(name, titles.map((t, i) => event(i, t)));
    expectOctetFolded(ics);
    expect(contentLines(ics)).toContain('NAME:第一期\\, 参训人员\\; "名单"');
    // ical.js does not know NAME (RFC 7986) and leaves its TEXT escaped; unescape per RFC 5545 §3.3.11.
    const value = String(calendar(ics).getFirstPropertyValue('name')).replace(/\\([\\;,])/g, '$1');
    expect(value).toBe(name);
    expect(contentLines(ics)).toContain('X-WR-CALNAME:第一期\\, 参训人员\\; "名单"');
  });

  it('gives an empty calendar that ical.js still reads when nobody is confirmed', () => {
    const ics = sut('空', []);
    expect(calendar(ics).getAllSubcomponents('vevent')).toHaveLength(0);
    expectOctetFolded(ics);
  });
});
