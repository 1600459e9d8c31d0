import { TransactionRunner } from '../../src/database/transaction-runner';
import { TrainingRun } from '../../src/training/training-run.entity';
import { createTestApp, TestApp } from '../utils/test-app';
import { describeSqliteOnly } from '../utils/test-database';

/**
 * Issue 10, item 7: on a SQLite file read transactions run side by side on several read
 * connections; a slow read does not hold up the others (each still sees one committed snapshot).
 */
describeSqliteOnly('Read transactions on a SQLite file', 'PostgreSQL reads come from its pool', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a read that waits does not hold up the next reads', async () => {
    const transactions = t.get(TransactionRunner);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = transactions.read(async (m) => {
      await m.count(TrainingRun);
      await held;
      return 'slow';
    });
    const quick = await Promise.race([
      Promise.all([1, 2].map(() => transactions.read((m) => m.count(TrainingRun)))),
      new Promise<'held up'>((resolve) => setTimeout(() => resolve('held up'), 3000)),
    ]);
    release();
    expect(quick).not.toBe('held up');
    expect(await slow).toBe('slow');
  });

  it('a lone read statement sees the latest commit: it never joins a read transaction open on an older snapshot', async () => {
    const transactions = t.get(TransactionRunner);
    const [run] = await t.dataSource.getRepository(TrainingRun).find({ take: 1 });
    const titleNow = async () => (await transactions.readStatement<{ title: string }[]>('SELECT title FROM training_run WHERE id = :id', { id: run.id }))[0].title;
    const hold = (count: number) => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const reads = Array.from({ length: count }, () =>
        transactions.read(async (m) => {
          await m.count(TrainingRun); // the snapshot is taken here
          await held;
        }),
      );
      return { reads, release };
    };
    // Two of the three connections hold an open snapshot; the statement goes to the third at once.
    const two = hold(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await transactions.run((m) => m.update(TrainingRun, run.id, { title: '改名一' }));
    expect(await titleNow()).toBe('改名一');
    two.release();
    await Promise.all(two.reads);
    // All three hold one: the statement waits for a transaction to end, then sees the commit.
    const three = hold(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await transactions.run((m) => m.update(TrainingRun, run.id, { title: '改名二' }));
    const seen = titleNow();
    three.release();
    expect(await seen).toBe('改名二');
    await Promise.all(three.reads);
  });
});
