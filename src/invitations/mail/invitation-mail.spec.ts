import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { buildInvitation } from '../ical/invitation-builder';
import { InvitationMail, toNodemailerMessage } from './invitation-mail';
import { referenceSession } from '../../../test/fixtures/reference-session';

/** Reference session R1 (CASES.md), cancelled for 陈晓明. */
const R1_CANCEL = referenceSession({ method: 'CANCEL', sequence: 1, dtstamp: new Date('2021-03-25T02:00:00Z'), description: '本期培训取消。' });

const PDF = Buffer.from('%PDF-1.4\n% agenda\n');

function mail(overrides: Partial<InvitationMail> = {}): InvitationMail {
  return {
    from: { name: '市局促进法治处', address: 'training@example.org' },
    to: { name: '陈晓明', address: 'chen.xm@example.org' },
    subject: '取消：全市司法所长培训班（第一期）',
    text: '本期培训取消。',
    html: '<p>本期培训取消。</p>',
    messageId: '<outbox-1@training.example.org>',
    calendar: { method: 'CANCEL', content: buildInvitation(R1_CANCEL) },
    ...overrides,
  };
}

async function rawMessage(input: InvitationMail): Promise<Buffer> {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(toNodemailerMessage(input));
  return info.message as Buffer;
}

interface MimePart {
  contentType: string;
  children: MimePart[];
}

/** Just enough MIME parsing to see the tree nodemailer wrote. */
function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const header = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const contentType = /^content-type:[ \t]*(.*)$/im.exec(header)?.[1] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const parts = boundary ? raw.slice(split + 4).split(`--${boundary}`).slice(1, -1) : [];
  return { contentType, children: parts.map((part) => parseMime(part.replace(/^\r\n/, ''))) };
}

function withParents(part: MimePart, parent?: MimePart): { part: MimePart; parent?: MimePart }[] {
  return [{ part, parent }, ...part.children.flatMap((child) => withParents(child, part))];
}

describe(toNodemailerMessage.name, () => {
  const sut = toNodemailerMessage;

  describe('C05 the MIME method matches the file METHOD', () => {
    it.each([
      ['without attachments', undefined],
      ['with a PDF agenda', [{ filename: '议程.pdf', content: PDF, contentType: 'application/pdf' }]],
    ])('sends a cancellation %s with one text/calendar part, method=CANCEL', async (_label, attachments) => {
      const raw = await rawMessage(mail({ attachments }));
      const root = parseMime(raw.toString('utf8'));
      const nodes = withParents(root);

      const calendars = nodes.filter(({ part }) => /^text\/calendar\b/i.test(part.contentType));
      expect(calendars).toHaveLength(1);
      const [{ part: calendar, parent }] = calendars;
      expect(parent?.contentType).toMatch(/^multipart\/alternative;/i);
      expect(calendar.contentType).toMatch(/;\s*charset=utf-8\b/i);
      expect(calendar.contentType).toMatch(/;\s*method=CANCEL$/i);
      expect(parent?.children.map((c) => c.contentType.split(';')[0])).toEqual(['text/plain', 'text/html', 'text/calendar']);
      for (const { part } of nodes) {
        const method = /method=([\w-]+)/i.exec(part.contentType)?.[1];
        if (method) expect(method.toUpperCase()).toBe('CANCEL');
      }
      expect(root.contentType).toMatch(/^multipart\/mixed;/i);
      const file = nodes.find(({ part }) => part.contentType.startsWith('application/ics'));
      expect(file?.parent).toBe(root);
      expect(file?.part.contentType).toBe('application/ics; method=CANCEL; name=cancel.ics');
      if (attachments) {
        const pdf = nodes.find(({ part }) => part.contentType.startsWith('application/pdf'));
        expect(pdf?.parent).toBe(root);
        expect(root.children.map((c) => c.contentType.split(';')[0])).toEqual(['multipart/alternative', 'application/pdf', 'application/ics']);
      }

      const parsed = await simpleParser(raw);
      const calendarFile = parsed.attachments.find((a) => a.contentType === 'text/calendar');
      expect(calendarFile?.headers.get('content-type')).toMatchObject({ params: { charset: 'utf-8', method: 'CANCEL' } });
      const vcalendar = new ICAL.Component(ICAL.parse(calendarFile!.content.toString('utf8')));
      expect(vcalendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(vcalendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('summary')).toBe(R1_CANCEL.summary);
      if (attachments) {
        const agenda = parsed.attachments.find((a) => a.contentType === 'application/pdf');
        expect(agenda?.filename).toBe('议程.pdf');
        expect(agenda?.content.equals(PDF)).toBe(true);
      }
    });

    it('declares method=REQUEST for an invitation', async () => {
      const content = buildInvitation({ ...R1_CANCEL, method: 'REQUEST', sequence: 0 });
      const raw = (await rawMessage(mail({ calendar: { method: 'REQUEST', content } }))).toString('utf8');
      expect(raw).toMatch(/^Content-Type: text\/calendar; charset=utf-8; method=REQUEST\r$/m);
      expect(raw).not.toMatch(/method=(PUBLISH|CANCEL)/i);
    });

    it('writes the calendar parts itself: no icalEvent, so nodemailer never adds a part without a method', () => {
      const options = sut(mail());
      expect(options).not.toHaveProperty('icalEvent');
      expect(options.alternatives).toEqual([expect.objectContaining({ contentType: 'text/calendar; charset=utf-8; method=CANCEL' })]);
    });

    it('refuses a calendar whose METHOD differs from the declared method', () => {
      const content = buildInvitation({ ...R1_CANCEL, method: 'REQUEST' });
      expect(() => sut(mail({ calendar: { method: 'CANCEL', content } }))).toThrow(/METHOD is REQUEST/);
      expect(() => sut(mail({ calendar: { method: 'CANCEL', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' } }))).toThrow(
        /METHOD is missing/,
      );
    });

    it('refuses a calendar file passed as an ordinary attachment', () => {
      const attachments = [{ filename: 'x.ics', content: Buffer.from('x'), contentType: 'text/calendar' }];
      expect(() => sut(mail({ attachments }))).toThrow(Error);
    });
  });

  describe('the calendar file attachment', () => {
    it.each([
      ['REQUEST', 0, 'invite.ics'],
      ['CANCEL', 1, 'cancel.ics'],
    ] as const)('attaches the %s file as application/ics declaring the same method, byte for byte', async (method, sequence, filename) => {
      const content = buildInvitation({ ...R1_CANCEL, method, sequence });
      const raw = await rawMessage(mail({ calendar: { method, content } }));
      const parsed = await simpleParser(raw);
      const file = parsed.attachments.find((a) => a.contentType === 'application/ics');
      expect(file?.filename).toBe(filename);
      expect(file?.contentDisposition).toBe('attachment');
      expect(file?.headers.get('content-type')).toMatchObject({ value: 'application/ics', params: { method, name: filename } });
      expect(file?.content.equals(Buffer.from(content, 'utf8'))).toBe(true);
      const alternative = parsed.attachments.find((a) => a.contentType === 'text/calendar');
      expect(alternative?.content.toString('utf8')).toBe(content);
      expect(raw.toString('utf8').match(/^Content-Type: text\/calendar/gim)).toHaveLength(1);
    });
  });

  it('encodes display names with Chinese, commas, quotes and colons intact', async () => {
    const from = { name: 'Wang, Lei "促进法治处"', address: 'training@example.org' };
    const to = { name: 'Chen, XM: 上海; 组2', address: 'chen.xm@example.org' };
    const raw = await rawMessage(mail({ from, to }));
    const head = raw.toString('utf8').split('\r\n\r\n')[0];
    expect(head).not.toMatch(/[^\x00-\x7f]/); // RFC 5322 headers stay ASCII (RFC 2047 words)

    const parsed = await simpleParser(raw);
    expect(parsed.from?.value).toEqual([from]);
    const toValue = Array.isArray(parsed.to) ? parsed.to[0].value : parsed.to?.value;
    expect(toValue).toEqual([to]);
    expect(parsed.subject).toBe('取消：全市司法所长培训班（第一期）');
  });

  it('keeps the given Message-ID, so a retry is recognisably the same message', async () => {
    const [first, second] = await Promise.all([rawMessage(mail()), rawMessage(mail())]);
    expect((await simpleParser(first)).messageId).toBe('<outbox-1@training.example.org>');
    expect((await simpleParser(second)).messageId).toBe('<outbox-1@training.example.org>');
  });

  it('writes a plain text/html alternative when there is no calendar', async () => {
    const raw = (await rawMessage(mail({ calendar: undefined }))).toString('utf8');
    expect(sut(mail({ calendar: undefined }))).not.toHaveProperty('icalEvent');
    expect(raw).not.toMatch(/text\/calendar|application\/ics/);
    expect(sut(mail({ calendar: undefined })).attachments).toEqual([]);
  });
});
