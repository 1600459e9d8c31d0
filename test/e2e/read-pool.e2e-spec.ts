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
});
