import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { SessionChangesService } from '../../src/registrations/session-changes.service';
import { htmlText } from '../utils/invitations';
import { page } from '../utils/organiser';
import { SmtpSink } from '../utils/smtp-sink';
import { createTestApp, deliverAll, openRun, organiserCookie, participantsWithTokens, TestApp } from '../utils/test-app';

describe('Organiser view of the exact bytes sent, and resend (issue #3)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let cookie: string;
  let firstSession: number;
  let participant: { id: number; email: string };

  beforeEach(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: sink.url });
    const { run, sessions } = await openRun(t);
    firstSession = sessions[0].id;
    [participant] = await participantsWithTokens(t, 1);
    await t.get(RegistrationsService).register({ participantId: participant.id, runId: run.id, preferences: [firstSession], actor: 'participant' });
    cookie = await organiserCookie(t);
  });
  afterEach(async () => {
    await t.close();
    await sink.stop();
  });

  const message = () => t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ recipientAddress: participant.email });

  async function failForGood(): Promise<OutboxMessage> {
    sink.refuse = true;
    for (let i = 0; i <= t.config.mail.maxAttempts; i++) {
      await deliverAll(t);
      t.clock.advance(24 * 3_600_000);
    }
    sink.refuse = false;
    cookie = await organiserCookie(t); // days went by: sign in again
    return message();
  }

  it('lists each message with a link to a page showing its headers and the calendar exactly as sent', async () => {
    await deliverAll(t);
    const stored = await message();
    const list = await page(t, 'get', '/admin/outbox', cookie).expect(200);
    expect(list.text).toContain(`href="/admin/outbox/${stored.id}"`);

    const detail = await page(t, 'get', `/admin/outbox/${stored.id}`, cookie).expect(200);
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(detail.text)![1];
    expect(htmlText(pre)).toBe(stored.calendarContent); // CRLFs, folding and escapes included
    const text = htmlText(detail.text);
    expect(text).toContain(stored.messageId);
    expect(text).toContain('text/calendar; charset=utf-8; method=REQUEST');
    expect(text).toContain('application/ics; method=REQUEST; name=invite.ics');
    expect(text).toContain('【参训确认】全市司法所长培训班（第一期）');
    expect(detail.text).not.toContain('重新发送</button>'); // sent: nothing to resend
    // What the participant received is what the page shows.
    const received = sink.to(participant.email)[0].parsed.attachments.find((a) => a.contentType === 'text/calendar')!;
    expect(received.content.toString('utf8')).toBe(stored.calendarContent);
  });

  it('downloads the .ics byte for byte, with the MIME method of the file', async () => {
    const stored = await message();
    const res = await page(t, 'get', `/admin/outbox/${stored.id}/calendar.ics`, cookie)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(res.headers['content-disposition']).toBe('attachment; filename="invite.ics"');
    expect((res.body as Buffer).equals(Buffer.from(stored.calendarContent!, 'utf8'))).toBe(true);
  });

  it('shows the SMTP reason of a failed message and re-queues the same message on 重新发送', async () => {
    const failed = await failForGood();
    expect(failed).toMatchObject({ status: 'failed', attempts: t.config.mail.maxAttempts });
    const detail = await page(t, 'get', `/admin/outbox/${failed.id}`, cookie).expect(200);
    expect(detail.text).toContain('发送失败');
    expect(detail.text).toMatch(/<pre class="field-error">[^<]*451[^<]*<\/pre>/);
    expect(detail.text).toContain(`action="/admin/outbox/${failed.id}/resend"`);
    expect(detail.text).toContain('重新发送</button>');

    await page(t, 'post', `/admin/outbox/${failed.id}/resend`, cookie).type('form').send({}).expect(303).expect('Location', `/admin/outbox/${failed.id}?notice=resent`);
    const requeued = await message();
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0, messageId: failed.messageId, calendarContent: failed.calendarContent });
    expect(requeued.nextAttemptAt.getTime()).toBe(t.clock.now().getTime());

    await deliverAll(t);
    expect(await message()).toMatchObject({ status: 'sent', attempts: 1 });
    const [mail] = sink.to(participant.email);
    expect(mail.parsed.messageId).toBe(failed.messageId);
    // Only a failed message can be re-queued.
    await page(t, 'post', `/admin/outbox/${failed.id}/resend`, cookie).type('form').send({}).expect(409);
  });

  it('refuses to resend a failed old version once a newer one for the same UID went out', async () => {
    const failed = await failForGood();
    await t.get(SessionChangesService).update(firstSession, { venue: '上海市司法局培训中心 2 号楼' });
    await deliverAll(t);
    const detail = await page(t, 'get', `/admin/outbox/${failed.id}`, cookie).expect(200);
    expect(detail.text).not.toContain('重新发送</button>');
    expect(detail.text).toContain('该日历已有更新的通知');
    await page(t, 'post', `/admin/outbox/${failed.id}/resend`, cookie).type('form').send({}).expect(409);
    expect((await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: failed.id })).status).toBe('failed');
  });

  it('is for signed-in organisers only, and answers 404 for an unknown message', async () => {
    const stored = await message();
    await t.http.get(`/admin/outbox/${stored.id}`).set('Accept', 'text/html').expect(303);
    await t.http.get(`/admin/outbox/${stored.id}/calendar.ics`).set('Accept', 'application/json').expect(401);
    await t.http.post(`/admin/outbox/${stored.id}/resend`).set('Cookie', cookie).set('Accept', 'text/html').expect(403); // no CSRF token
    await page(t, 'get', '/admin/outbox/99999', cookie).expect(404);
  });
});

