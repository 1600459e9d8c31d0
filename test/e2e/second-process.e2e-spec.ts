import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, startChildApp } from '../utils/child-app';

/**
 * Issue 10, item 3: a second server process on the same SQLite file refuses to start with a
 * message naming the file (it never serves and never answers 500); the lock dies with its
 * process, kill -9 included, so a restart needs no clean-up.
 */
describe('A second process on the same SQLite file', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'second-process-'))));
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused while the first runs, and starts once the first was killed with SIGKILL', async () => {
    const env = { DATABASE_PATH: join(dir, 'app.sqlite'), MAIL_OUTBOX_DIR: join(dir, 'outbox'), ORGANISER_PASSWORD: 'test-password-123' };
    const first = await startChildApp({ ...env, SEED_ON_START: 'true' });
    if (!first.ready) throw new Error(first.output);
    children.push(first.child);

    const second = await startChildApp(env);
    expect(second.ready).toBe(false);
    if (second.ready) return;
    expect(second.code).toBe(1);
    expect(second.output).toContain(`already running on the database file ${env.DATABASE_PATH}`);

    first.child.kill('SIGKILL');
    await exited(first.child);
    const third = await startChildApp(env);
    if (!third.ready) throw new Error(third.output);
    children.push(third.child);
  }, 120_000);
});
