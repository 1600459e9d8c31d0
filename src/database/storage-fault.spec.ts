import { QueryFailedError } from 'typeorm';
import { isRejectedValue, isRetryableConflict, isStorageFault, StorageUnavailableError } from './storage-fault';

/** A TypeORM query error carrying a driver error with `code`, as node-postgres and sqlite3 raise them. */
function queryError(code: string, message = 'failed'): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));
}

describe('storage faults and retryable conflicts (issue 10)', () => {
  it('PostgreSQL deadlocks and serialization failures are retryable, also when a COMMIT failed with them', () => {
    expect(isRetryableConflict(queryError('40P01'))).toBe(true);
    expect(isRetryableConflict(queryError('40001'))).toBe(true);
    expect(isRetryableConflict(new StorageUnavailableError(queryError('40001')))).toBe(true);
    expect(isRetryableConflict(queryError('23505'))).toBe(false);
    expect(isRetryableConflict(queryError('SQLITE_BUSY'))).toBe(false);
  });

  it('server and connection failures are storage faults (503); rule violations are not', () => {
    for (const code of ['53100', '57P01', '58030', '08006', '40P01', 'ECONNREFUSED', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE']) {
      expect([code, isStorageFault(queryError(code))]).toEqual([code, true]);
    }
    expect(isStorageFault(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStorageFault(new Error('timeout exceeded when trying to connect'))).toBe(true);
    for (const code of ['23505', '23514', '42P01', 'SQLITE_CONSTRAINT']) expect([code, isStorageFault(queryError(code))]).toEqual([code, false]);
    expect(isStorageFault(new Error('something else'))).toBe(false);
  });

  it('values PostgreSQL refuses (class 22) are the request\'s fault, not storage faults', () => {
    for (const code of ['22003', '22P02', '22021', '22007']) expect([code, isRejectedValue(queryError(code)), isStorageFault(queryError(code))]).toEqual([code, true, false]);
    for (const code of ['23505', '40P01', 'SQLITE_MISMATCH']) expect([code, isRejectedValue(queryError(code))]).toEqual([code, false]);
  });
});
