import MailComposer from 'nodemailer/lib/mail-composer';
import { decodeMailbox, decodeStrict, headerFields, headerLines } from '../../../test/utils/rfc2047';
import { InvitationMail, toNodemailerMessage } from './invitation-mail';

/**
 * Issue 9 item 16: characters outside the Basic Multilingual Plane in Subject and in From/To
 * display names. nodemailer 7 split some surrogate pairs across encoded-words, so they arrived as
 * U+FFFD; every encoded-word must decode on its own and the header must equal the input.
 */

/** CJK Extension B, a rare surname character, emoji (with ZWJ and a flag), long Chinese. */
const SUPPLEMENTARY = ['𠀀', '𪚥', '𠮷', '🎉', '👨‍👩‍👧', '🇨🇳'];
const LONG_CHINESE = '全市司法所长培训班（第一期）关于开展“八五”普法规划宣传教育活动及公共法律服务体系建设专题培训的通知与报名须知';

/** Texts that put every kind of character at every offset a 75-character encoded-word can break at. */
function samples(): string[] {
  const out: string[] = [LONG_CHINESE, LONG_CHINESE.repeat(3), `${LONG_CHINESE}🎉${LONG_CHINESE}𠀀`];
  for (const ch of SUPPLEMENTARY) {
    for (let prefix = 0; prefix < 30; prefix++) {
      out.push(`${'培'.repeat(prefix)}${ch}训${ch.repeat(3)}`);
      out.push(`${'a'.repeat(prefix)}${ch}${LONG_CHINESE.slice(0, 20)}${ch}`);
    }
  }
  out.push('【参训确认】𠀀𪚥 Session, "quoted": 🎉 end');
  return out;
}

function mail(text: string): InvitationMail {
  return {
    from: { name: `市局促进法治处${text}`, address: 'training@example.org' },
    to: { name: text, address: 'chen.xm@example.org' },
    subject: `【参训确认】${text}`,
    text: 'x',
    html: '<p>x</p>',
    messageId: '<outbox-1@training.example.org>',
  };
}

function build(input: InvitationMail): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    new MailComposer(toNodemailerMessage(input)).compile().build((error, raw) => (error ? reject(error) : resolve(raw))),
  );
}

describe('mail headers with characters outside the BMP, emoji and long Chinese (issue 9 item 16)', () => {
  it('every encoded-word of Subject, From and To decodes strictly on its own and the header equals the input', async () => {
    const problems: string[] = [];
    for (const text of samples()) {
      const input = mail(text);
      const raw = await build(input);
      const fields = headerFields(raw);
      const check = (what: string, decode: () => string, expected: string) => {
        try {
          const got = decode();
          if (got !== expected) problems.push(`${what} ${JSON.stringify(expected)} came back as ${JSON.stringify(got)}`);
        } catch (error) {
          problems.push(`${what} ${JSON.stringify(expected)}: ${(error as Error).message}`);
        }
      };
      check('Subject', () => decodeStrict(fields.get('subject')![0]), input.subject);
      check('From', () => decodeMailbox(fields.get('from')![0]).name, input.from.name);
      check('To', () => decodeMailbox(fields.get('to')![0]).name, input.to.name);
      for (const line of headerLines(raw)) if (line.length > 998) problems.push(`header line of ${line.length} characters`);
    }
    expect(problems).toEqual([]);
  });

  it('the strict decoder refuses a character split across two encoded-words (so the test above can fail)', () => {
    const bytes = Buffer.from('𠀀', 'utf8');
    const split = `=?UTF-8?B?${bytes.subarray(0, 2).toString('base64')}?= =?UTF-8?B?${bytes.subarray(2).toString('base64')}?=`;
    expect(() => decodeStrict(split)).toThrow();
    expect(decodeStrict(`=?UTF-8?B?${bytes.toString('base64')}?= =?UTF-8?Q?=E8=AE=AD?=`)).toBe('𠀀训');
    // What nodemailer 7 wrote for 𠀀 at the end of a word: U+FFFD twice, each decoding "fine".
    expect(decodeStrict('=?UTF-8?B?77+9?= =?UTF-8?B?77+9?=')).toBe('\uFFFD\uFFFD');
  });
});
