import { MailBatchMessage } from '../../src/invitations/mail-batch.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { TrainingRun } from '../../src/training/training-run.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { page } from '../utils/organiser';
import { createTestApp, deliverAll, organiserCookie, participantsWithTokens, TestApp } from '../utils/test-app';

/**
 * Issue 11, item 8: "bulk sending shows progress" — opening registration and cancelling a session
 * queue many mails; the page shown after confirming links to that batch's progress (sent /
 * waiting / failed), a plain page that shows the current state on every reload.
 */
describe('Progress of the mails one action queued (issue 11, item 8)', () => {
  let t: TestApp;
  let cookie: string;
  let runId: number;
  afterAll(() => t.close());

  /** The three counts as the progress page prints them. */
  const counts = (html: string) => {
    const m = /已发送 <strong>(\d+)<\/strong> \/ (\d+)（\d+%），等待发送 <strong>(\d+)<\/strong>，失败 <strong>(\d+)<\/strong>/.exec(html);
    if (!m) throw new Error(`no progress line in ${html.slice(0, 400)}`);
    return { sent: Number(m[1]), of: Number(m[2]), waiting: Number(m[3]), failed: Number(m[4]) };
  };

  it('opening registration: the overview after confirming links to the batch of link mails; reloads follow delivery', async () => {
    t = await createTestApp();
    cookie = await organiserCookie(t);
    runId = (await t.dataSource.getRepository(TrainingRun).findOneByOrFail({ slug: '2021-04-judicial-office-directors' })).id;
    const opened = await page(t, 'post', `/admin/runs/${runId}/open`, cookie).expect(303);
    const location = opened.headers.location as string;
    expect(location).toMatch(new RegExp(`^/admin\\?notice=opened&run=${runId}&batch=\\d+$`));
    const links = await t.dataSource.getRepository(OutboxMessage).count({ where: { kind: 'personal-link' } });
    expect(links).toBeGreaterThan(10);

    const overview = await page(t, 'get', location, cookie).expect(200);
    const href = /href="(\/admin\/mail-batches\/\d+)"/.exec(overview.text)?.[1];
    expect(href).toBeDefined();
    expect(overview.text).toContain(`查看这批邮件的发送进度</a>（已发送 0 / ${links}，等待 ${links}，失败 0）`);

    const before = await page(t, 'get', href!, cookie).expect(200);
    expect(before.text).toContain('发送进度：开放报名：全市司法所长培训班');
    expect(before.text).not.toContain('<script');
    expect(counts(before.text)).toEqual({ sent: 0, of: links, waiting: links, failed: 0 });
    expect(before.text).toContain('仍在发送中');

    // A mail queued later by something else is not part of this batch.
    const [someone] = await participantsWithTokens(t, 1);
    await page(t, 'post', `/admin/participants/${someone.id}/link`, cookie).type('form').send({ runId: String(runId) }).expect(200);
    await deliverAll(t);
    // One of the batch failed for good (as the dispatcher records it after its last attempt).
    const [first] = await t.dataSource.getRepository(MailBatchMessage).find({ order: { id: 'ASC' }, take: 1 });
    await t.dataSource.getRepository(OutboxMessage).update(first.outboxMessageId, { status: 'failed', lastError: '550 mailbox unavailable' });

    const after = await page(t, 'get', href!, cookie).expect(200);
    expect(counts(after.text)).toEqual({ sent: links - 1, of: links, waiting: 0, failed: 1 });
    expect(after.text).toContain('其中 1 封发送失败');
    // Reloading shows the same state; the page is only for organisers.
    expect(counts((await page(t, 'get', href!, cookie).expect(200)).text)).toEqual(counts(after.text));
    await t.http.get(href!).set('Accept', 'text/html').expect(303);
    await page(t, 'get', '/admin/mail-batches/999999', cookie).expect(404);
  });

  it('cancelling a session: the page after confirming links to exactly the mails the cancellation queued', async () => {
    const sessions = await t.dataSource.getRepository(TrainingSession).find({ where: { runId }, order: { ordinal: 'ASC' } });
    const people = await participantsWithTokens(t, 4);
    for (const p of people.slice(0, 3)) await t.get(RegistrationsService).register({ participantId: p.id, runId, preferences: [sessions[2].id, sessions[1].id], actor: 'organiser' });
    await t.get(RegistrationsService).register({ participantId: people[3].id, runId, preferences: [sessions[2].id], actor: 'organiser' });
    const last = (await t.dataSource.getRepository(OutboxMessage).find({ order: { id: 'DESC' }, take: 1 }))[0].id;

    const cancelled = await page(t, 'post', `/admin/sessions/${sessions[2].id}/cancel`, cookie).type('form').send({}).expect(303);
    expect(cancelled.headers.location).toMatch(new RegExp(`^/admin\\?notice=session-cancelled&run=${runId}&batch=\\d+$`));
    const queued = await t.dataSource.getRepository(OutboxMessage).createQueryBuilder('o').where('o.id > :last', { last }).getCount();
    expect(queued).toBe(7); // 4 CANCELs, then 3 of them promoted into their other choice (REQUEST)

    const overview = await page(t, 'get', cancelled.headers.location, cookie).expect(200);
    const href = /href="(\/admin\/mail-batches\/\d+)"/.exec(overview.text)![1];
    const shown = await page(t, 'get', href, cookie).expect(200);
    expect(shown.text).toContain(`发送进度：取消期次：${sessions[2].title}`);
    expect(counts(shown.text)).toEqual({ sent: 0, of: 7, waiting: 7, failed: 0 });
    await deliverAll(t);
    expect(counts((await page(t, 'get', href, cookie).expect(200)).text)).toEqual({ sent: 7, of: 7, waiting: 0, failed: 0 });
  });
});
