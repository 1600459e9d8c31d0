import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager, EntitySubscriberInterface, EventSubscriber, TransactionCommitEvent } from 'typeorm';
import { StorageUnavailableError } from './storage-fault';
import { TransactionRunner } from './transaction-runner';

/** Counts real COMMITs (a RELEASE of a unit's savepoint is not one). */
let commits = 0;
@EventSubscriber()
class CommitCounter implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!event.queryRunner.isTransactionActive) commits++; // a nested RELEASE leaves it open
  }
}

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * Group commit on the SQLite writer (issue 10, item 2): units of work queued while the writer is
 * busy share one COMMIT, each in its own savepoint; a real SQLite file in WAL mode.
 */
describe('TransactionRunner group commit on SQLite', () => {
  let dir: string;
  let db: DataSource;
  let runner: TransactionRunner;
  const names = async () => ((await db.query('SELECT name FROM item ORDER BY name')) as { name: string }[]).map((r) => r.name);
  const insert = (m: EntityManager, name: string) => m.query('INSERT INTO item (name) VALUES (?)', [name]);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    db = await new DataSource({ type: 'sqlite', database: join(dir, 'db.sqlite'), enableWAL: true, subscribers: [CommitCounter] }).initialize();
    await db.query('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    // A deferred foreign key is checked at COMMIT: a unit that breaks it makes the shared COMMIT fail.
    await db.query('CREATE TABLE child (id INTEGER PRIMARY KEY, itemId INTEGER NOT NULL REFERENCES item(id) DEFERRABLE INITIALLY DEFERRED)');
    runner = new TransactionRunner(db, db);
    commits = 0;
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits units that queued up together once; a unit that fails mid-batch is rolled back alone and the others are answered', async () => {
    const first = gate();
    const blocker = runner.run(async (m) => {
      await insert(m, 'blocker');
      await first.opened;
    });
    const answers = Array.from({ length: 20 }, (_, i) =>
      runner.run(async (m) => {
        await insert(m, `unit-${String(i).padStart(2, '0')}`);
        if (i === 7) {
          await insert(m, 'written-by-the-failing-unit');
          await insert(m, 'unit-00'); // unique violation: this unit fails after two writes
        }
        return i;
      }),
    );
    first.open();
    await blocker;
    const settled = await Promise.allSettled(answers);

    expect(settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<number>).value)).toEqual([...Array(20).keys()].filter((i) => i !== 7));
    expect(String((settled[7] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    const stored = await names();
    expect(stored).not.toContain('unit-07');
    expect(stored).not.toContain('written-by-the-failing-unit');
    expect(stored).toHaveLength(20);
    // The blocker's own COMMIT, then one COMMIT for the 20 units that waited behind it.
    expect(commits).toBe(2);
  });

  it('answers no unit before the shared COMMIT', async () => {
    const first = gate();
    const blocker = runner.run(() => first.opened);
    const answered: string[] = [];
    const units = ['a', 'b', 'c'].map((name) => runner.run((m) => insert(m, name)).then(() => answered.push(`${name}:${commits}`)));
    first.open();
    await Promise.all([blocker, ...units]);
    expect(answered).toEqual(['a:2', 'b:2', 'c:2']);
  });

  it('a failing COMMIT answers 503 to every unit of the batch and stores none of them; the next unit commits', async () => {
    const first = gate();
    const blocker = runner.run(async (m) => {
      await insert(m, 'blocker');
      await first.opened;
    });
    const answers = Array.from({ length: 10 }, (_, i) =>
      runner.run(async (m) => {
        await insert(m, `unit-${i}`);
        if (i === 4) await m.query('INSERT INTO child (itemId) VALUES (9999)'); // fails only at COMMIT
      }),
    );
    first.open();
    await blocker;
    const settled = await Promise.allSettled(answers);

    expect(settled.map((s) => s.status)).toEqual(Array(10).fill('rejected'));
    for (const s of settled) expect((s as PromiseRejectedResult).reason).toBeInstanceOf(StorageUnavailableError);
    expect(await names()).toEqual(['blocker']);
    expect(await db.query('SELECT COUNT(*) AS n FROM child')).toEqual([{ n: 0 }]);

    await runner.run((m) => insert(m, 'after'));
    expect(await names()).toEqual(['after', 'blocker']);
  });

  it('a nested manager.transaction inside a unit uses its own savepoint and does not end the batch', async () => {
    const first = gate();
    const blocker = runner.run(() => first.opened);
    const nested = runner.run((m) => m.transaction((inner) => insert(inner, 'nested')));
    const failingNested = runner.run((m) =>
      m.transaction(async (inner) => {
        await insert(inner, 'nested-failing');
        throw new Error('no');
      }),
    );
    const after = runner.run((m) => insert(m, 'after'));
    first.open();
    await blocker;
    await expect(nested).resolves.toBeDefined();
    await expect(failingNested).rejects.toThrow('no');
    await expect(after).resolves.toBeDefined();
    expect(await names()).toEqual(['after', 'nested']);
    expect(commits).toBe(2);
  });

  it('gives every unit of a batch a manager of its own, so state keyed by a unit\'s manager stays with that unit', async () => {
    const first = gate();
    const blocker = runner.run(async () => first.opened);
    const marks = new WeakMap<EntityManager, string>();
    const seen: (string | undefined)[] = [];
    const units = [
      runner.run(async (m) => void marks.set(m, 'opened-by-unit-a')),
      runner.run(async (m) => void seen.push(marks.get(m))),
    ];
    first.open();
    await Promise.all([blocker, ...units]);
    expect(seen).toEqual([undefined]);
  });
});
