import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import ICAL from 'ical.js';
import { buildInvitation } from './invitation-builder';
import { unfold } from './folding';
import { referenceSession } from '../../../test/fixtures/reference-session';

/** Reference session R1 (CASES.md), invitation for 陈晓明. */
const R1 = referenceSession({ method: 'REQUEST', description: '请携带身份证。\n签到：8:30, 一楼大厅; 午餐自理', url: 'https://training.example.org/r/abc123' });

const sut = buildInvitation;

function vevent(ics: string) {
  const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return vevent;
}

function occurrences(ics: string): string[][] {
  const event = new ICAL.Event(vevent(ics));
  const expansion = event.iterator();
  const found: string[][] = [];
  for (let next = expansion.next(); next && found.length < 10; next = expansion.next()) {
    const { startDate, endDate } = event.getOccurrenceDetails(next);
    found.push([startDate.toJSDate().toISOString(), endDate.toJSDate().toISOString()]);
  }
  return found;
}

/** Physical lines, split on CRLF at the octet level; throws on invalid UTF-8 in any line. */
function physicalLines(ics: string): string[] {
  const bytes = Buffer.from(ics, 'utf8');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines: string[] = [];
  let from = 0;
  for (let i = bytes.indexOf('\r\n'); i >= 0; i = bytes.indexOf('\r\n', from)) {
    lines.push(decoder.decode(bytes.subarray(from, i)));
    from = i + 2;
  }
  expect(from).toBe(bytes.length); // the file ends with CRLF
  return lines;
}

const contentLines = (ics: string) => unfold(ics).split('\r\n');

describe(buildInvitation.name, () => {
  it('describes R1 as one VEVENT repeated daily, 01:00Z–09:00Z on 12 and 13 April', () => {
    const ics = sut(R1);
    expect(ics.match(/^BEGIN:VEVENT$/gm)).toHaveLength(1);
    expect(contentLines(ics)).toEqual(
      expect.arrayContaining([
        'METHOD:REQUEST', 'STATUS:CONFIRMED', 'DTSTART:20210412T010000Z', 'DTEND:20210412T090000Z',
        'RRULE:FREQ=DAILY;COUNT=2', 'PRODID:-//Shanghai Justice Training//Registration//ZH',
      ]),
    );
    expect(occurrences(ics)).toEqual([
      ['2021-04-12T01:00:00.000Z', '2021-04-12T09:00:00.000Z'],
      ['2021-04-13T01:00:00.000Z', '2021-04-13T09:00:00.000Z'],
    ]);
  });

  it('round-trips every text value through ical.js', () => {
    const tricky = { ...R1, summary: 'a,b;c\\d "q" 🎓', description: 'line 1\r\nline 2\rline 3\u0007' };
    const event = new ICAL.Event(vevent(sut(tricky)));
    expect(event.summary).toBe(tricky.summary);
    expect(event.description).toBe('line 1\nline 2\nline 3');
    expect(event.location).toBe(R1.location);
    expect(event.uid).toBe(R1.uid);
  });

  it('adds a display alarm one day before the start on REQUEST only', () => {
    const alarm = vevent(sut(R1)).getFirstSubcomponent('valarm');
    expect(alarm?.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm?.getFirstPropertyValue('trigger'))).toBe('-P1D');
    expect(String(alarm?.getFirstPropertyValue('description'))).toContain(R1.summary);

    const cancel = sut({ ...R1, method: 'CANCEL', sequence: 1 });
    expect(contentLines(cancel)).toEqual(expect.arrayContaining(['METHOD:CANCEL', 'STATUS:CANCELLED']));
    expect(cancel).not.toContain('VALARM');
  });

  it('writes no RRULE for a one-day session', () => {
    const ics = sut({ ...R1, dayCount: 1 });
    expect(ics).not.toContain('RRULE');
    expect(occurrences(ics)).toHaveLength(1);
  });

  it.each([
    ['an impossible date', { firstDay: '2021-02-30' }],
    ['an end before the start', { dailyStart: '17:00', dailyEnd: '09:00' }],
    ['a malformed time', { dailyStart: '9:00' }],
    ['zero days', { dayCount: 0 }],
    ['a negative sequence', { sequence: -1 }],
  ])('refuses %s', (_label, patch) => {
    expect(() => sut({ ...R1, ...patch })).toThrow(RangeError);
  });

  describe('C01 folding counts octets, not characters', () => {
    const titles = ['司'.repeat(39) + '🎓', 'A'.repeat(66) + '🎓' + 'B'.repeat(10)];

    it.each(titles)('keeps lines ≤ 75 octets and SUMMARY intact for %s', (title) => {
      const ics = sut({ ...R1, summary: title });
      const lines = physicalLines(ics);
      for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(ics).not.toContain('\uFFFD');
      expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(contentLines(ics)).toContain(`SUMMARY:${title}`);
      expect(new ICAL.Event(vevent(ics)).summary).toBe(title);
    });
  });

  describe('C02 people names inside parameters', () => {
    const people = {
      organizer: { name: 'Wang, Lei "促进法治处"', email: 'training@example.org' },
      attendee: { name: 'Chen, XM: 上海; 组2', email: 'chen.xm@example.org' },
    };
    const shape = /^(ORGANIZER|ATTENDEE)(;[A-Z-]+=("[^"]*"|[^";:,]*))*:mailto:[^\s<>"]+$/i;

    it('writes well-formed ORGANIZER and ATTENDEE lines', () => {
      const lines = contentLines(sut({ ...R1, ...people })).filter((l) => /^(ORGANIZER|ATTENDEE)[;:]/.test(l));
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(line).toMatch(shape);
      expect(lines[1]).toMatch(/;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:/);
    });

    it('lets ical.js read both addresses and names back', () => {
      const event = vevent(sut({ ...R1, ...people }));
      const organizer = event.getFirstProperty('organizer');
      const attendee = event.getFirstProperty('attendee');
      expect(organizer?.getFirstValue()).toBe('mailto:training@example.org');
      expect(attendee?.getFirstValue()).toBe('mailto:chen.xm@example.org');
      expect(organizer?.getParameter('cn')).toBe(people.organizer.name); // RFC 6868 ^' decoded
      expect(attendee?.getParameter('cn')).toBe(people.attendee.name);
    });
  });

  describe('C03 the server time zone does not move the session', () => {
    const builder = path.join(__dirname, 'invitation-builder.ts');
    const script = `
      const { buildInvitation } = require(${JSON.stringify(builder)});
      const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      input.dtstamp = new Date(input.dtstamp);
      const offset = new Date(2021, 0, 1).getTimezoneOffset();
      process.stdout.write(JSON.stringify({ offset, ics: buildInvitation(input) }));`;
    const runIn = (TZ: string) => {
      const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
        cwd: path.resolve(__dirname, '../../..'),
        env: { ...process.env, TZ },
        input: JSON.stringify(R1),
        encoding: 'utf8',
      });
      return JSON.parse(out) as { offset: number; ics: string };
    };
    const withoutDtstamp = (ics: string) => contentLines(ics).filter((l) => !l.startsWith('DTSTAMP'));

    it('gives the same file under TZ=UTC, Asia/Shanghai and America/New_York', () => {
      const runs = ['UTC', 'Asia/Shanghai', 'America/New_York'].map(runIn);
      expect(runs.map((r) => r.offset)).toEqual([0, -480, 300]); // the zones really applied
      expect(withoutDtstamp(runs[1].ics)).toEqual(withoutDtstamp(runs[0].ics));
      expect(withoutDtstamp(runs[2].ics)).toEqual(withoutDtstamp(runs[0].ics));
      for (const { ics } of runs) {
        expect(contentLines(ics)).toContain('DTSTART:20210412T010000Z');
        expect(contentLines(ics).filter((l) => /^DT(START|END)/.test(l)).every((l) => /:\d{8}T\d{6}Z$/.test(l))).toBe(true);
        expect(occurrences(ics).map(([start]) => start.slice(0, 10))).toEqual(['2021-04-12', '2021-04-13']);
      }
    });
  });

  describe('C04 updates (builder side)', () => {
    it('writes the SEQUENCE and DTSTAMP it is given', () => {
      const ics = sut({ ...R1, sequence: 7, dtstamp: new Date('2021-04-01T10:20:30.999Z') });
      expect(contentLines(ics)).toEqual(expect.arrayContaining(['SEQUENCE:7', 'DTSTAMP:20210401T102030Z']));
    });

    it('keeps the UID and organiser when the session moves', () => {
      const moved = sut({ ...R1, firstDay: '2021-04-19', sequence: 1 });
      const event = vevent(moved);
      expect(event.getFirstPropertyValue('uid')).toBe(R1.uid);
      expect(event.getFirstProperty('organizer')?.getFirstValue()).toBe(`mailto:${R1.organizer.email}`);
      expect(contentLines(moved)).toContain('DTSTART:20210419T010000Z');
    });

    it('gives byte-identical output for the same input (a retry)', () => {
      expect(sut({ ...R1 })).toBe(sut({ ...R1, dtstamp: new Date(R1.dtstamp) }));
    });
  });
});
