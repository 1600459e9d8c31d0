import { TransactionRunner } from '../../src/database/transaction-runner';
import { TrainingSession } from '../../src/training/training-session.entity';
import { asOrganiser, createTestApp, openRun, organiserCookie, participantsWithTokens, TestApp } from '../utils/test-app';

const MARKER = '未提交的标题XYZ';

/**
 * Issue 10, item 1: no request observes another request's uncommitted or rolled-back changes,
 * and reads do not wait behind a write. A long write transaction changes a session's title and
 * capacity, holds them while readers poll every public, participant and organiser read path,
 * then rolls back.
 */
describe('Reads never see uncommitted work', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('no reader sees a long transaction that rolls back, and readers keep being served during it', async () => {
    t = await createTestApp();
    const { run, sessions } = await openRun(t);
    const [p] = await participantsWithTokens(t, 1);
    const organiser = asOrganiser(await organiserCookie(t));
    const paths: [string, Record<string, string>][] = [
      [`/api/runs/${run.id}`, {}],
      [`/api/runs/${run.id}/sessions`, {}],
      ['/', {}],
      [`/r/${p.token}`, {}],
      [`/api/runs/${run.id}/registration`, { Authorization: `Bearer ${p.token}` }],
      ['/admin', organiser],
      ['/admin/participants', organiser],
      [`/api/admin/runs/${run.id}/overview`, organiser],
      [`/admin/sessions/${sessions[1].id}/edit`, organiser],
    ];

    let open = false;
    let releaseWriter!: () => void;
    const held = new Promise<void>((resolve) => (releaseWriter = resolve));
    const writer = t.get(TransactionRunner).run(async (m) => {
      await m.update(TrainingSession, sessions[1].id, { title: MARKER, capacity: 777 });
      open = true;
      await held;
      throw new Error('roll back on purpose');
    });
    while (!open) await new Promise((r) => setTimeout(r, 5));

    const seen: string[] = [];
    let servedWhileOpen = 0;
    const readers = Array.from({ length: 6 }, async (_, i) => {
      for (let round = 0; round < 8; round++) {
        const [path, headers] = paths[(i + round) % paths.length];
        const res = await t.http.get(path).set(headers).timeout(3000).catch((e) => { throw new Error(`${path}: ${e.message}`); });
        expect(res.status).toBeLessThan(400);
        if (open) servedWhileOpen++;
        if (res.text.includes(MARKER) || /"capacity":777|777 人|容量 777/.test(res.text)) seen.push(path);
      }
    });
    await Promise.all(readers);
    open = false;
    releaseWriter();
    await expect(writer).rejects.toThrow('roll back on purpose');

    expect(seen).toEqual([]);
    // Every read was answered while the write transaction was still open: reads do not queue behind writes.
    expect(servedWhileOpen).toBe(48);
    const after = await t.http.get(`/api/runs/${run.id}/sessions`);
    expect(after.text).not.toContain(MARKER);
  });
});
