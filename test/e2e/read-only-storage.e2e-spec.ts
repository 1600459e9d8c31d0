import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalendarInvitation } from '../../src/invitations/calendar-invitation.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { describeSqliteOnly } from '../utils/test-database';
import { createTestApp, openRun, participantsWithTokens, TestApp } from '../utils/test-app';

/**
 * Issue 10, item 10: the storage under the SQLite file stops taking writes while the app runs.
 * Made for real by the kernel: the file system is an ext4 image on a loop device, and the
 * database file and its WAL are marked immutable (`chattr +i`), so every write(2) to them fails
 * with EPERM while reads go on. (`mount -o remount,ro` is what one would reach for, but Linux
 * refuses it with EBUSY while any file on the mount is open for writing, as SQLite's always are;
 * the test shows that first. The -shm file stays writable: SQLite's readers need it.) An API
 * write and a form post are answered 503 with the stable code and the Chinese message, nothing
 * is half-written, and once the files are writable again the same requests succeed, no restart.
 */
describeSqliteOnly('Storage that stops taking writes under the SQLite file', 'a file-system fault under the SQLite file; a PostgreSQL server keeps its own disk', () => {
  let root: string;
  let disk: string;
  let t: TestApp | undefined;
  let databasePath: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'read-only-'));
    disk = join(root, 'disk');
    mkdirSync(disk);
    const image = join(root, 'disk.img');
    execFileSync('truncate', ['-s', '64M', image]);
    execFileSync('mkfs.ext4', ['-q', '-F', image]);
    execFileSync('mount', ['-o', 'loop', image, disk]);
    databasePath = join(disk, 'app.sqlite');
  });
  afterAll(async () => {
    try {
      execFileSync('chattr', ['-i', databasePath, `${databasePath}-wal`]);
    } catch {
      // not immutable, or not there
    }
    await t?.close();
    execFileSync('umount', [disk]);
    rmSync(root, { recursive: true, force: true });
  });

  const immutable = (on: boolean) => execFileSync('chattr', [on ? '+i' : '-i', databasePath, `${databasePath}-wal`]);

  it('answers 503 (JSON with its code, a Chinese page), writes nothing, and recovers without a restart', async () => {
    t = await createTestApp({ DATABASE_PATH: databasePath });
    const { run, sessions } = await openRun(t);
    const people = await participantsWithTokens(t, 3);
    const apiRegister = (i: number) =>
      t!.http
        .post(`/api/runs/${run.id}/registration`)
        .set('Authorization', `Bearer ${people[i].token}`)
        .send({ preferredSessionIds: [sessions[0].id], participant: { name: people[i].name, email: people[i].email, mobile: '13900000000' } });
    const formRegister = (i: number) =>
      t!.http.post(`/r/${people[i].token}/registration`).set('Accept', 'text/html').type('form').send({ runId: String(run.id), choice1: String(sessions[1].id) });
    expect((await apiRegister(0)).status).toBe(201);

    // The remount a reader would try first is refused while the database is open.
    expect(() => execFileSync('mount', ['-o', 'remount,ro', disk], { stdio: 'pipe' })).toThrow(/busy/i);

    immutable(true);
    const api = await apiRegister(1);
    expect(api.status).toBe(503);
    expect(api.headers['retry-after']).toBe('30');
    expect(api.body).toMatchObject({ statusCode: 503, code: 'STORAGE_UNAVAILABLE' });
    expect(api.body.message).toMatch(/未保存/);
    const page = await formRegister(2);
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<html lang="zh-CN">');
    expect(page.text).toMatch(/本次操作未保存/);
    // Reads go on while writes are refused.
    expect((await t.http.get(`/api/runs/${run.id}`)).status).toBe(200);
    expect((await t.http.get(`/r/${people[2].token}`).set('Accept', 'text/html')).status).toBe(200);

    // Writable again: the same two requests succeed in the same process.
    immutable(false);
    expect((await apiRegister(1)).status).toBe(201);
    const again = await formRegister(2);
    expect([again.status, again.headers.location]).toEqual([303, `/r/${people[2].token}?done=registered&run=${run.id}`]);

    // Nothing half-written: exactly the three registrations, counters equal rows, one invitation each.
    expect(await t.dataSource.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const rows = await t.dataSource.getRepository(Registration).findBy({ runId: run.id });
    expect(rows.map((r) => r.participantId).sort((a, b) => a - b)).toEqual(people.map((p) => p.id).sort((a, b) => a - b));
    for (const session of await t.dataSource.getRepository(TrainingSession).findBy({ runId: run.id })) {
      expect(session.confirmedCount).toBe(rows.filter((r) => r.sessionId === session.id && r.status === 'confirmed').length);
    }
    expect(await t.dataSource.getRepository(CalendarInvitation).count()).toBe(3);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ calendarMethod: 'REQUEST' })).toBe(3);
  });
});
