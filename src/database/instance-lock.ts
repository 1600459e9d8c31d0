import { Database } from 'sqlite3';

/**
 * One server process per SQLite file (issue 10, item 3). The lock is an exclusive SQLite
 * transaction held open on a side file (`<database>.lock`) for the life of the process: the
 * operating system drops it when the process ends in any way, kill -9 included, so it never goes
 * stale. A second server on the same file refuses to start with a message naming the file; short
 * tools such as `npm run account:password` take no lock and simply wait their turn for the
 * database (busy timeout). Several instances need PostgreSQL (`DATABASE_URL`).
 */
export class InstanceLock {
  private constructor(private readonly db: Database) {}

  /**
   * Takes the lock for `databasePath`.
   * @throws Error naming the file when another process holds it.
   */
  static async acquire(databasePath: string): Promise<InstanceLock> {
    const lockPath = `${databasePath}.lock`;
    const db = await new Promise<Database>((resolve, reject) => {
      const opened: Database = new Database(lockPath, (error) => (error ? reject(error) : resolve(opened)));
    });
    const exec = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
    try {
      await exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        throw new Error(
          `Another instance of this service is already running on the database file ${databasePath} (its lock ${lockPath} is held). ` +
            'Stop that instance first; to run several instances, use PostgreSQL (DATABASE_URL).',
        );
      }
      throw error;
    }
    return new InstanceLock(db);
  }

  /** Gives the lock up (at shutdown). */
  release(): Promise<void> {
    return new Promise((resolve) => this.db.close(() => resolve()));
  }
}
