import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalendarInvitation } from '../../src/invitations/calendar-invitation.entity';
import { OutboxMessage } from '../../src/invitations/outbox-message.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { TrainingSession } from '../../src/training/training-session.entity';
import { describeSqliteOnly } from '../utils/test-database';
import { createTestApp, deliverAll, openRun, participantsWithTokens, TestApp } from '../utils/test-app';

/**
 * Issue 9, item 1: a real full disk under the SQLite file (a tmpfs mounted for the test; CI runs
 * as root). Every acknowledged registration must survive a restart; a request whose COMMIT
 * failed is a 503, and the app recovers once space is free, without a restart.
 */
describeSqliteOnly('A full disk under the SQLite file', 'fills a tmpfs under the SQLite file; a PostgreSQL server keeps its own disk', () => {
  let root: string;
  let disk: string;
  let t: TestApp | undefined;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'full-disk-'));
    disk = join(root, 'disk');
    mkdirSync(disk);
    // 24 MiB: room for the migrated, seeded database and its WAL, little more once filled.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', disk]);
  });
  afterAll(async () => {
    await t?.close();
    execFileSync('umount', [disk]);
    rmSync(root, { recursive: true, force: true });
  });

  /** Writes zeros to a filler file until the file system says ENOSPC. */
  function fillDisk(): string {
    const filler = join(disk, 'filler');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(16 * 1024);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(fd);
    }
    return filler;
  }

  it('never acknowledges a write that was not committed, answers 503, and recovers without a restart', async () => {
    const databasePath = join(disk, 'app.sqlite');
    t = await createTestApp({ DATABASE_PATH: databasePath });
    const { run, sessions } = await openRun(t);
    const people = await participantsWithTokens(t, 200);
    const register = (token: string, i: number) =>
      t!.http
        .post(`/api/runs/${run.id}/registration`)
        .set('Authorization', `Bearer ${token}`)
        .send({ preferredSessionIds: [sessions[i % 3].id], participant: { name: `满盘测试${i}`, email: `full-${i}@example.org`, mobile: '13900000000' } });

    const filler = fillDisk();
    const burst = await Promise.all(people.slice(0, 150).map((p, i) => register(p.token, i)));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    // The disk really was full for part of the burst.
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    const refused = burst.find((r) => r.status === 503)!;
    expect(refused.body).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(refused.body.message).toMatch(/未保存/);

    // Space is freed: the same process takes new registrations again.
    rmSync(filler);
    const later = await Promise.all(people.slice(150).map((p, i) => register(p.token, 150 + i)));
    expect(later.map((r) => r.status)).toEqual(later.map(() => 201));
    await deliverAll(t);

    const acknowledged = [...burst, ...later].filter((r) => r.status === 201).map((r) => r.body.id as number);
    const mailDir = t.config.mail.outboxDir;
    const deliveredFiles = readdirSync(mailDir).length;
    await t.app.close();

    // Restart on the same file: everything acknowledged is there, nothing else.
    const restarted = await createTestApp({ DATABASE_PATH: databasePath });
    const replaced = t;
    t = restarted;
    rmSync(replaced.dir, { recursive: true, force: true });
    const rows = await t.dataSource.getRepository(Registration).find({ where: { runId: run.id } });
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...acknowledged].sort((a, b) => a - b));
    for (const session of await t.dataSource.getRepository(TrainingSession).findBy({ runId: run.id })) {
      const confirmed = rows.filter((r) => r.sessionId === session.id && r.status === 'confirmed');
      expect(session.confirmedCount).toBe(confirmed.length);
    }
    // One invitation per confirmed registration, and no mail went out for a seat that is not stored.
    const confirmedRows = rows.filter((r) => r.status === 'confirmed');
    expect(await t.dataSource.getRepository(CalendarInvitation).count()).toBe(confirmedRows.length);
    const requests = await t.dataSource.getRepository(OutboxMessage).findBy({ calendarMethod: 'REQUEST' });
    expect(requests).toHaveLength(confirmedRows.length);
    expect(requests.every((m) => m.status === 'sent')).toBe(true);
    expect(deliveredFiles).toBe(await t.dataSource.getRepository(OutboxMessage).countBy({ status: 'sent' }));
  });
});
