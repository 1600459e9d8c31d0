import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { CalendarInvitation } from '../../src/invitations/calendar-invitation.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { InboundSmtpService } from '../../src/invitations/rsvp/inbound-smtp.service';
import { Registration } from '../../src/registrations/registration.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
import { calendarOf } from '../utils/ical';
import { participantRows, page } from '../utils/organiser';
import { SmtpSink } from '../utils/smtp-sink';
import { createTestApp, deliverAll, openRun, organiserCookie, participantsWithTokens, setCapacity, TestApp } from '../utils/test-app';

const FIXTURES = join(__dirname, '../fixtures/rsvp');
const OUTLOOK = { file: 'outlook-accepted.eml', uid: '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c10@example.org', name: '陈晓明', email: 'chen.xm@example.org' };
const GMAIL = { file: 'gmail-declined.eml', uid: '9a7c2e51-0b3d-4f6a-8e21-c4d5b6a7f809@example.org', name: '王磊', email: 'wang.lei@example.org' };
/** Chen declines Wang's invitation, declaring himself Wang's SENT-BY delegate (issue 9 item 4). */
const FORGED_SENT_BY = 'sent-by-forged.eml';
type Sample = typeof OUTLOOK;

/**
 * The sample reply with its calendar part's SEQUENCE (and Outlook's X-MICROSOFT-CDO-APPT-SEQUENCE)
 * set to `sequence`, as a client that raises SEQUENCE when it replies writes it.
 */
function withSequence(raw: Buffer, sequence: number): string {
  const text = raw.toString('utf8');
  const part = /(Content-Type: text\/calendar[^\n]*\nContent-Transfer-Encoding: base64\r?\n\r?\n)([A-Za-z0-9+/=\r\n]+?)(\r?\n--)/.exec(text);
  if (!part) throw new Error('no base64 calendar part in the sample');
  const calendar = Buffer.from(part[2].replace(/\s+/g, ''), 'base64').toString('utf8');
  if (!/\r\nSEQUENCE:0\r\n/.test(calendar)) throw new Error('the sample calendar has no SEQUENCE:0');
  const changed = calendar.replace(/\r\n((?:X-MICROSOFT-CDO-APPT-)?SEQUENCE):0\r\n/g, `\r\n$1:${sequence}\r\n`);
  const encoded = Buffer.from(changed, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return text.slice(0, part.index) + part[1] + encoded + part[3] + text.slice(part.index + part[0].length);
}

/** Sends a raw message to the listener over real SMTP, as the participant's mail server would. */
async function sendRaw(port: number, raw: Buffer | string, from: string, to = 'training@example.org') {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope: { from, to: [to] }, raw });
  } finally {
    transport.close();
  }
}

describe('RSVP replies over SMTP (issue #3)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let runId: number;
  let s1: number;

  async function start(env: Record<string, string> = {}) {
    sink = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: sink.url, INBOUND_SMTP_PORT: '0', ...env });
    const opened = await openRun(t);
    runId = opened.run.id;
    s1 = opened.sessions[0].id;
  }
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.close();
    await sink.stop();
  });

  const port = () => t.get(InboundSmtpService).port()!;
  const invitations = () => t.dataSource.getRepository(CalendarInvitation);
  /** Registers a seeded person for session 1 under the sample's name and address; the invitation gets the sample's UID. */
  async function inviteAs(sample: Sample, index: number, options: { uid?: boolean } = {}) {
    const people = await participantsWithTokens(t, index + 1);
    const p = people[index];
    const registration = await t.get(RegistrationsService).register({
      participantId: p.id, runId, preferences: [s1], actor: 'organiser', contact: { name: sample.name, email: sample.email },
    });
    if (options.uid !== false) await invitations().update({ participantId: p.id, sessionId: s1 }, { uid: sample.uid });
    return { participant: p, registration };
  }
  const fixture = (sample: Sample) => readFileSync(join(FIXTURES, sample.file));
  /** Collects the warnings logged from now on (and keeps them off the console). */
  const warnings = () => {
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    return () => spy.mock.calls.map((c) => String(c[0]));
  };
  /** Everything a reply could change. */
  const snapshot = async () => ({
    invitations: await invitations().find({ order: { id: 'ASC' } }),
    registrations: await t.dataSource.getRepository(Registration).find({ order: { id: 'ASC' } }),
    outbox: await t.dataSource.getRepository(OutboxMessage).count(),
  });

  describe('with RSVP_DECLINE_POLICY=notify-organiser (the default)', () => {
    beforeEach(() => start());

    it('records the Outlook ACCEPTED and the Gmail DECLINED, shows them to organisers, and keeps both seats', async () => {
      await inviteAs(OUTLOOK, 0);
      const wang = await inviteAs(GMAIL, 1);
      t.clock.advance(3_600_000);
      const info = await sendRaw(port(), fixture(OUTLOOK), OUTLOOK.email);
      expect(info.response).toMatch(/^250/);
      await sendRaw(port(), fixture(GMAIL), GMAIL.email);

      expect(await invitations().findOneByOrFail({ uid: OUTLOOK.uid })).toMatchObject({
        rsvpPartstat: 'ACCEPTED', rsvpSequence: 0, rsvpAt: t.clock.now(), rsvpDtstamp: new Date('2021-03-22T03:15:00Z'),
      });
      expect(await invitations().findOneByOrFail({ uid: GMAIL.uid })).toMatchObject({ rsvpPartstat: 'DECLINED', rsvpAt: t.clock.now() });
      expect(await t.get(RegistrationsService).current(wang.participant.id, runId)).toMatchObject({ status: 'confirmed', sessionId: s1 });

      const cookie = await organiserCookie(t);
      const list = await page(t, 'get', `/admin/participants?session=${s1}`, cookie).expect(200);
      expect(list.text).toContain('<th>日历回复</th>');
      const rows = participantRows(list.text);
      expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining([OUTLOOK.name, GMAIL.name]));
      expect(list.text).toMatch(new RegExp(`${OUTLOOK.name}[\\s\\S]*?<td class="rsvp">已接受（`));
      expect(list.text).toMatch(new RegExp(`${GMAIL.name}[\\s\\S]*?<td class="rsvp">已拒绝（`));
    });

    it('after the session changes, an answer to the old SEQUENCE is stale and the list asks for a new one', async () => {
      await inviteAs(OUTLOOK, 0);
      await sendRaw(port(), fixture(OUTLOOK), OUTLOOK.email);
      await t.get(SessionChangesService).update(s1, { venue: '上海市司法局培训中心 2 号楼' });
      const before = await snapshot();
      await sendRaw(port(), fixture(OUTLOOK), OUTLOOK.email); // SEQUENCE:0 again, now stale
      expect(await snapshot()).toEqual(before);
      const list = await page(t, 'get', `/admin/participants?session=${s1}`, await organiserCookie(t)).expect(200);
      expect(list.text).toContain('<td class="rsvp">待重新回复（原：已接受）</td>');
    });

    it('an ACCEPTED reply whose SEQUENCE is ahead of ours is recorded; later updates go above it, its old SEQUENCE is then stale', async () => {
      const chen = await inviteAs(OUTLOOK, 0);
      await deliverAll(t);
      await sendRaw(port(), withSequence(fixture(OUTLOOK), 2), OUTLOOK.email);
      expect(await invitations().findOneByOrFail({ uid: OUTLOOK.uid })).toMatchObject({
        sequence: 0, highestSequenceSeen: 2, rsvpPartstat: 'ACCEPTED', rsvpSequence: 0,
      });
      const cookie = await organiserCookie(t);
      let list = await page(t, 'get', `/admin/participants?session=${s1}`, cookie).expect(200);
      expect(list.text).toMatch(new RegExp(`${OUTLOOK.name}[\\s\\S]*?<td class="rsvp">已接受（`));

      await t.get(SessionChangesService).update(s1, { venue: '上海市司法局培训中心 2 号楼' });
      await deliverAll(t);
      const toChen = sink.to(OUTLOOK.email).map((m) => calendarOf(m.parsed));
      expect(toChen.map((c) => [c.method, c.uid, c.sequence])).toEqual([
        ['REQUEST', expect.any(String), 0],
        ['REQUEST', OUTLOOK.uid, 3],
      ]);

      const before = await snapshot();
      await sendRaw(port(), withSequence(fixture(OUTLOOK), 2), OUTLOOK.email); // answered the old version
      expect(await snapshot()).toEqual(before);
      list = await page(t, 'get', `/admin/participants?session=${s1}`, cookie).expect(200);
      expect(list.text).toContain('<td class="rsvp">待重新回复（原：已接受）</td>');

      await sendRaw(port(), withSequence(fixture(OUTLOOK), 5), OUTLOOK.email); // a newer answer, raised again
      expect(await invitations().findOneByOrFail({ uid: OUTLOOK.uid })).toMatchObject({ sequence: 3, highestSequenceSeen: 5, rsvpSequence: 3 });
      await t.get(RegistrationsService).cancelByOrganiser(chen.registration.id);
      await deliverAll(t);
      expect(calendarOf(sink.to(OUTLOOK.email).at(-1)!.parsed)).toMatchObject({ method: 'CANCEL', uid: OUTLOOK.uid, sequence: 6 });
    });

    it('ignores a reply with an unknown UID, from a stranger, or from the wrong sender: nothing stored changes', async () => {
      const logged = warnings();
      const chen = await inviteAs(OUTLOOK, 0, { uid: false }); // Chen's invitation keeps its own UID
      const wang = await inviteAs(GMAIL, 1, { uid: false });
      const uidOf = async (p: { id: number }) => (await invitations().findOneByOrFail({ participantId: p.id, sessionId: s1 })).uid;
      const chenUid = await uidOf(chen.participant);

      let before = await snapshot();
      await sendRaw(port(), fixture(OUTLOOK), OUTLOOK.email); // the sample's UID matches nothing
      expect(await snapshot()).toEqual(before);

      // The sample's UID is now Wang's invitation, but its ATTENDEE is Chen: a stranger to that invitation.
      await invitations().update({ participantId: wang.participant.id, sessionId: s1 }, { uid: OUTLOOK.uid });
      before = await snapshot();
      await sendRaw(port(), fixture(OUTLOOK), OUTLOOK.email);
      expect(await snapshot()).toEqual(before);

      // UID and ATTENDEE are Chen's, but the mail comes from another address.
      await invitations().update({ participantId: wang.participant.id, sessionId: s1 }, { uid: `wang-${chenUid}` });
      await invitations().update({ participantId: chen.participant.id, sessionId: s1 }, { uid: OUTLOOK.uid });
      const forged = fixture(OUTLOOK).toString('utf8').replace('<chen.xm@example.org>', '<mallory@example.net>');
      before = await snapshot();
      await sendRaw(port(), forged, 'mallory@example.net');
      expect(await snapshot()).toEqual(before);

      expect(logged().filter((w) => w.startsWith('Reply ignored')).map((w) => /\(([\w-]+)\)/.exec(w)![1])).toEqual([
        'unknown-uid',
        'attendee-mismatch',
        'sender-not-attendee',
      ]);
    });

    it('logs and skips malformed and oversized mail and other recipients, and keeps listening', async () => {
      const logged = warnings();
      await inviteAs(OUTLOOK, 0);
      const before = await snapshot();
      const transport = createTransport({ host: '127.0.0.1', port: port(), secure: false, ignoreTLS: true });
      const base = { from: OUTLOOK.email, to: 'training@example.org', subject: 'Accepted', text: '' };
      await transport.sendMail({ ...base, alternatives: [{ contentType: 'text/calendar; charset=utf-8; method=REPLY', content: 'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x' }] });
      await transport.sendMail({ ...base, text: 'no calendar here' });
      await transport.sendMail({ ...base, raw: 'this is not a MIME message at all\r\n' } as never);
      await expect(transport.sendMail({ ...base, attachments: [{ filename: 'big.bin', content: Buffer.alloc(1_200_000, 1) }] })).rejects.toMatchObject({ responseCode: 552 });
      await expect(transport.sendMail({ ...base, to: 'someone.else@example.org' })).rejects.toMatchObject({ responseCode: 550 });
      transport.close();
      expect(await snapshot()).toEqual(before);
      expect(logged().filter((w) => /ignored/.test(w)).map((w) => /\(([\w-]+)\)/.exec(w)![1])).toEqual([
        'malformed-calendar',
        'no-calendar',
        'no-calendar',
        'oversized',
      ]);

      await sendRaw(port(), fixture(OUTLOOK), OUTLOOK.email);
      expect(await invitations().findOneByOrFail({ uid: OUTLOOK.uid })).toMatchObject({ rsvpPartstat: 'ACCEPTED' });
    });
  });

  describe('with RSVP_DECLINE_POLICY=free-seat', () => {
    beforeEach(() => start({ RSVP_DECLINE_POLICY: 'free-seat' }));

    it('a DECLINED reply cancels the registration: CANCEL sent, the waitlist promoted', async () => {
      const chen = await inviteAs(OUTLOOK, 0);
      const wang = await inviteAs(GMAIL, 1);
      await setCapacity(t, s1, 2);
      const [, , next] = await participantsWithTokens(t, 3);
      expect(await t.get(RegistrationsService).register({ participantId: next.id, runId, preferences: [s1], actor: 'participant' })).toMatchObject({ status: 'waitlisted' });
      await deliverAll(t);

      await sendRaw(port(), fixture(OUTLOOK), OUTLOOK.email); // accepting changes nothing else
      await sendRaw(port(), fixture(GMAIL), GMAIL.email);
      await deliverAll(t);

      expect(await t.get(RegistrationsService).current(chen.participant.id, runId)).toMatchObject({ status: 'confirmed' });
      expect(await t.get(RegistrationsService).current(wang.participant.id, runId)).toBeNull();
      expect(await t.get(RegistrationsService).current(next.id, runId)).toMatchObject({ status: 'confirmed', sessionId: s1 });
      const toWang = sink.to(GMAIL.email).map((m) => calendarOf(m.parsed));
      expect(toWang.map((c) => [c.method, c.uid])).toEqual([['REQUEST', expect.any(String)], ['CANCEL', GMAIL.uid]]);
      // The waitlist notice (issue 11, item 3) first, then the invitation of the promotion.
      expect(sink.to(next.email).map((m) => m.parsed.subject)[0]).toMatch(/^【候补通知】/);
      expect(sink.to(next.email).slice(1).map((m) => calendarOf(m.parsed).method)).toEqual(['REQUEST']);
    });

    it('a participant cannot decline another one\'s seat: not as a declared SENT-BY, not with a second From address (issue 9 item 4)', async () => {
      const logged = warnings();
      const chen = await inviteAs(OUTLOOK, 0);
      const wang = await inviteAs(GMAIL, 1);
      const before = await snapshot();
      await sendRaw(port(), readFileSync(join(FIXTURES, FORGED_SENT_BY)), OUTLOOK.email);
      const gmail = fixture(GMAIL).toString('utf8');
      const twoFromAddresses = gmail.replace(/^From: .*$/m, `From: ${GMAIL.email}, ${OUTLOOK.email}`);
      const twoFromHeaders = gmail.replace(/^From: .*$/m, (line) => `${line}\r\nFrom: ${OUTLOOK.email}`);
      for (const raw of [twoFromAddresses, twoFromHeaders]) await sendRaw(port(), raw, OUTLOOK.email);
      await deliverAll(t);
      expect(await snapshot()).toEqual(before);
      expect(await t.get(RegistrationsService).current(wang.participant.id, runId)).toMatchObject({ status: 'confirmed', sessionId: s1 });
      expect(logged().filter((w) => w.startsWith('Reply ignored')).map((w) => /\(([\w-]+)\)/.exec(w)![1])).toEqual([
        'delegate-not-recorded',
        'ambiguous-sender',
        'ambiguous-sender',
      ]);
      // Wang's own reply still frees Wang's seat, and only Wang's.
      await sendRaw(port(), fixture(GMAIL), GMAIL.email);
      expect(await t.get(RegistrationsService).current(wang.participant.id, runId)).toBeNull();
      expect(await t.get(RegistrationsService).current(chen.participant.id, runId)).toMatchObject({ status: 'confirmed' });
    });
  });
});
