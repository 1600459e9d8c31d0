import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { MIGRATIONS } from '../../src/database/migrations';
import { OutboxSealedLinks1795998200000 } from '../../src/database/migrations/1795998200000-outbox-sealed-links';
import { runMigrations } from '../../src/database/migrations-runner';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { OutboxService } from '../../src/invitations/outbox.service';
import { PersonalLinksService } from '../../src/registrations/personal-links.service';
import { page } from '../utils/organiser';
import { SmtpSink } from '../utils/smtp-sink';
import { createTestDatabase, ON_POSTGRES, TestDatabase } from '../utils/test-database';
import { createTestApp, deliverAll, openRun, organiserCookie, participantsWithTokens, TestApp } from '../utils/test-app';

/**
 * Issue 9 item 5: a personal link is a password; the database keeps only its hash. The outbox
 * stores the link sealed (AES-256-GCM) until the mail is sent, then erases it.
 */
describe('Personal links never stored in clear in the outbox (issue 9 item 5)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let runId: number;
  let person: { id: number; email: string };

  beforeEach(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: sink.url, DISPATCH_MAX_ATTEMPTS: '2' });
    runId = (await openRun(t)).run.id;
    [person] = await participantsWithTokens(t, 1);
  });
  afterEach(async () => {
    await t.close();
    await sink.stop();
  });

  const outbox = () => t.dataSource.getRepository(OutboxMessage);
  const tokenOf = (link: string) => /\/r\/([A-Za-z0-9_-]{43})$/.exec(link)![1];

  /** Every place the database could hold the token: the file bytes (with WAL) and every text value of every table. */
  async function whereStored(token: string): Promise<string[]> {
    const found: string[] = [];
    const path = t.config.database.path;
    for (const file of t.config.database.url ? [] : [path, `${path}-wal`, `${path}-shm`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      if (bytes.includes(Buffer.from(token, 'latin1')) || bytes.includes(Buffer.from(token, 'base64url'))) found.push(file);
    }
    // Every table of the schema (the entities' tables and TypeORM's migrations table), on either database.
    const tables = [...t.dataSource.entityMetadatas.map((e) => ({ name: e.tableName })), { name: 'migrations' }];
    for (const { name } of tables) {
      for (const row of (await t.dataSource.query(`SELECT * FROM "${name}"`)) as Record<string, unknown>[]) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === 'string' && value.includes(token)) found.push(`${name}.${column}`);
        }
      }
    }
    return found;
  }

  it('the delivered mail carries a working link; the database never holds it, and the sealed copy is erased once sent', async () => {
    const link = await t.get(PersonalLinksService).reissue(runId, person.id);
    const token = tokenOf(link);
    const queued = await outbox().findOneByOrFail({ kind: 'personal-link', recipientAddress: person.email });
    expect(queued.sealedSecret).toMatch(/^v1:/);
    expect(queued.textBody).toContain('[[PERSONAL_LINK]]');
    expect(await whereStored(token)).toEqual([]);
    const detail = await page(t, 'get', `/admin/outbox/${queued.id}`, await organiserCookie(t)).expect(200);
    expect(detail.text).not.toContain(token);

    await deliverAll(t);
    const [mail] = sink.to(person.email);
    expect(mail.parsed.text).toContain(link);
    expect(mail.parsed.html).toContain(`<a href="${link}">${link}</a>`);
    expect(mail.parsed.text).not.toContain('[[PERSONAL_LINK]]');
    expect(mail.parsed.messageId).toBe(queued.messageId);
    await t.http.get(new URL(link).pathname).expect(200);

    expect(await outbox().findOneByOrFail({ id: queued.id })).toMatchObject({ status: 'sent', sealedSecret: null });
    expect(await whereStored(token)).toEqual([]);
    const after = await page(t, 'get', `/admin/outbox/${queued.id}`, await organiserCookie(t)).expect(200);
    expect(after.text).not.toContain(token);
  });

  it('a failed link mail keeps its sealed link: resent, it arrives with the same Message-ID and a working link', async () => {
    sink.refuse = true;
    const link = await t.get(PersonalLinksService).reissue(runId, person.id);
    for (let i = 0; i < 3; i++) {
      await deliverAll(t);
      t.clock.advance(60_000);
    }
    const failed = await outbox().findOneByOrFail({ kind: 'personal-link', recipientAddress: person.email });
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
    expect(failed.sealedSecret).not.toBeNull();
    expect(await whereStored(tokenOf(link))).toEqual([]);

    sink.refuse = false;
    await t.get(OutboxService).resend(failed.id);
    await deliverAll(t);
    const [mail] = sink.to(person.email);
    expect(mail.parsed.messageId).toBe(failed.messageId);
    expect(mail.parsed.text).toContain(link);
    await t.http.get(new URL(link).pathname).expect(200);
    expect(await outbox().findOneByOrFail({ id: failed.id })).toMatchObject({ status: 'sent', sealedSecret: null });
  });

  it('re-issuing supersedes an unsent link mail and erases its link; one whose link is gone is refused clearly', async () => {
    sink.refuse = true;
    await t.get(PersonalLinksService).reissue(runId, person.id);
    for (let i = 0; i < 3; i++) {
      await deliverAll(t);
      t.clock.advance(60_000);
    }
    const first = await outbox().findOneByOrFail({ kind: 'personal-link', recipientAddress: person.email });
    expect(first.status).toBe('failed');
    await t.get(PersonalLinksService).reissue(runId, person.id); // the first mail's link is dead now
    expect(await outbox().findOneByOrFail({ id: first.id })).toMatchObject({ status: 'superseded', sealedSecret: null });
    await expect(t.get(OutboxService).resend(first.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });

    // A failed link mail without its sealed link (queued before links were sealed, see the migration).
    await outbox().update(first.id, { status: 'failed' });
    const cookie = await organiserCookie(t);
    const detail = await page(t, 'get', `/admin/outbox/${first.id}`, cookie).expect(200);
    expect(detail.text).toContain('此邮件的个人链接已不在系统中保存，无法重新发送；请在人员列表中为该参训人员补发链接。');
    expect(detail.text).not.toContain(`/admin/outbox/${first.id}/resend`);
    const refused = await page(t, 'post', `/admin/outbox/${first.id}/resend`, cookie);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('请在人员列表中为该参训人员补发链接');
    expect(await outbox().findOneByOrFail({ id: first.id })).toMatchObject({ status: 'failed' });
  });
});

/** The n-th bind parameter of a raw query on the suite's database. */
const p = (n: number) => (ON_POSTGRES ? `$${n}` : '?');

describe('Migration of link mails queued before links were sealed (issue 9 item 5)', () => {
  let dir: string;
  let database: TestDatabase;
  let ds: DataSource;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'training-sealed-links-'));
    database = await createTestDatabase(dir);
  });
  afterEach(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('removes the clear links from old bodies; an unsent one is marked failed with the reason, and cannot be resent', async () => {
    const open = async (migrations: typeof MIGRATIONS) => {
      ds = new DataSource({ ...buildDataSourceOptions(loadConfig(database.env)), migrations });
      await ds.initialize();
    };
    const before = MIGRATIONS.filter((m) => m !== OutboxSealedLinks1795998200000);
    await open(before);
    await runMigrations(ds);
    const token = 'Q'.repeat(20) + 'x_-'.repeat(7) + 'AB';
    const text = `请通过下面的个人链接报名：\n\nhttp://localhost:3000/r/${token}\n`;
    const html = `<p><a href="http://localhost:3000/r/${token}">http://localhost:3000/r/${token}</a></p>`;
    for (const [id, status] of [[1, 'sent'], [2, 'pending']] as const) {
      await ds.query(
        `INSERT INTO outbox_message (id, "messageId", kind, "recipientAddress", "recipientName", subject, "textBody", "htmlBody", status, "nextAttemptAt")
         VALUES (${p(1)}, ${p(2)}, 'personal-link', 'p@example.org', '参训人', '报名链接', ${p(3)}, ${p(4)}, ${p(5)}, '2021-03-22 01:00:00.000')`,
        [id, `<m${id}@example.org>`, text, html, status],
      );
    }
    await ds.destroy();
    await open(MIGRATIONS);
    expect(await runMigrations(ds)).toEqual(['OutboxSealedLinks1795998200000']);
    const rows: Record<string, unknown>[] = await ds.query('SELECT * FROM outbox_message ORDER BY id');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((r) => [r.status, r.sealedSecret, String(r.textBody).includes('[[PERSONAL_LINK]]')])).toEqual([
      ['sent', null, true],
      ['failed', null, true],
    ]);
    expect(rows[1].lastError).toContain('请在人员列表中补发链接');
  });
});
