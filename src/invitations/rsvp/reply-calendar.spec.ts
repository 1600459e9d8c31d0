import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldLines } from '../ical/folding';
import { readReplyCalendar } from './reply-calendar';
import { readReplyMail } from './reply-mail';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/rsvp', name));

/** A minimal REPLY; `props` replace (or, with [], remove) the event's default lines by name. */
function reply(props: Record<string, string[]> = {}, method: string | null = 'REPLY'): string {
  const event: Record<string, string[]> = {
    UID: ['UID:u-1@example.org'],
    DTSTAMP: ['DTSTAMP:20210322T031500Z'],
    SEQUENCE: ['SEQUENCE:2'],
    ATTENDEE: ['ATTENDEE;PARTSTAT=TENTATIVE:MAILTO:Chen.XM@Example.org'],
    ...props,
  };
  const head = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...(method ? [`METHOD:${method}`] : [])];
  return foldLines([...head, 'BEGIN:VEVENT', ...Object.values(event).flat(), 'END:VEVENT', 'END:VCALENDAR']);
}

describe(readReplyCalendar.name, () => {
  const sut = readReplyCalendar;

  it('reads the Outlook sample: ACCEPTED, UID, SEQUENCE and DTSTAMP', async () => {
    const mail = await readReplyMail(fixture('outlook-accepted.eml'));
    expect(mail.from).toBe('chen.xm@example.org');
    expect(mail.calendars).toHaveLength(1);
    expect(sut(mail.calendars[0])).toEqual({
      ok: true,
      reply: {
        uid: '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c10@example.org',
        attendee: 'chen.xm@example.org',
        partstat: 'ACCEPTED',
        sequence: 0,
        dtstamp: new Date('2021-03-22T03:15:00Z'),
      },
      organizer: 'training@example.org',
      sentBy: null,
    });
  });

  it('reads the Gmail sample from its text/calendar part and its invite.ics attachment alike', async () => {
    const mail = await readReplyMail(fixture('gmail-declined.eml'));
    expect(mail.from).toBe('wang.lei@example.org');
    expect(mail.calendars).toHaveLength(2);
    const [alternative, attachment] = mail.calendars.map(sut);
    expect(alternative).toEqual(attachment);
    expect(alternative).toMatchObject({ ok: true, reply: { partstat: 'DECLINED', attendee: 'wang.lei@example.org', sequence: 0 } });
  });

  it('lower-cases addresses and keeps a SENT-BY delegate', () => {
    const result = sut(reply({ ATTENDEE: ['ATTENDEE;PARTSTAT=ACCEPTED;SENT-BY="mailto:Assistant@Example.org":mailto:CHEN.XM@example.org'] }));
    expect(result).toMatchObject({ ok: true, reply: { attendee: 'chen.xm@example.org' }, sentBy: 'assistant@example.org' });
  });

  it('reads SEQUENCE as 0 when absent', () => {
    expect(sut(reply({ SEQUENCE: [] }))).toMatchObject({ ok: true, reply: { sequence: 0, attendee: 'chen.xm@example.org', partstat: 'TENTATIVE' } });
  });

  it.each([
    ['garbage', 'not a calendar at all', 'malformed-calendar'],
    ['a truncated file', 'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n', 'malformed-calendar'],
    ['a REQUEST', reply({}, 'REQUEST'), 'not-a-reply'],
    ['no METHOD', reply({}, null), 'not-a-reply'],
    ['two attendees', reply({ ATTENDEE: ['ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.org', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:b@example.org'] }), 'attendee-count'],
    ['no attendee', reply({ ATTENDEE: [] }), 'attendee-count'],
    ['PARTSTAT=DELEGATED', reply({ ATTENDEE: ['ATTENDEE;PARTSTAT=DELEGATED:mailto:a@example.org'] }), 'unsupported-partstat'],
    ['no PARTSTAT', reply({ ATTENDEE: ['ATTENDEE:mailto:a@example.org'] }), 'unsupported-partstat'],
    ['a reply about one day only', reply({ 'RECURRENCE-ID': ['RECURRENCE-ID:20210413T010000Z'] }), 'instance-reply'],
    ['two UIDs', reply({}).replace('END:VEVENT', 'END:VEVENT\r\nBEGIN:VEVENT\r\nUID:u-2@example.org\r\nDTSTAMP:20210322T031500Z\r\nEND:VEVENT'), 'several-uids'],
    ['no VEVENT', foldLines(['BEGIN:VCALENDAR', 'METHOD:REPLY', 'END:VCALENDAR']), 'no-event'],
  ])('refuses %s', (_label, text, reason) => {
    expect(sut(text)).toMatchObject({ ok: false, reason });
  });
});
