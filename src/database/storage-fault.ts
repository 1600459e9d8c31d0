import { DomainError } from '../common/domain-error';

/**
 * SQLite result codes (and PostgreSQL SQLSTATEs) that mean the storage, not the request, failed:
 * the disk is full, an I/O error, the file is read-only or locked by another process beyond the
 * busy timeout. Source: https://www.sqlite.org/rescode.html (primary codes; extended codes such as
 * SQLITE_IOERR_WRITE start with their primary code's name), PostgreSQL appendix A (classes 53
 * insufficient resources, 57 operator intervention, 58 system error, 08 connection exception, 40
 * transaction rollback once the TransactionRunner's retries are spent) and the network errors of
 * node-postgres when the server is unreachable or the pool cannot hand out a connection.
 */
const SQLITE_STORAGE_CODES = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_NOMEM', 'SQLITE_PROTOCOL', 'SQLITE_CORRUPT', 'SQLITE_NOTADB'];
const POSTGRES_STORAGE_CLASSES = ['53', '57', '58', '08', '40'];
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'];
const POSTGRES_CLIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * PostgreSQL SQLSTATEs after which the whole transaction may simply be run again: 40001
 * serialization_failure, 40P01 deadlock_detected (PostgreSQL appendix A; the server rolled the
 * transaction back and says retrying is the remedy).
 */
const RETRYABLE_SQLSTATES = ['40001', '40P01'];

/** The driver's error code of `error` (TypeORM's QueryFailedError copies it from the driver error). */
function driverCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `error` (or the COMMIT failure it wraps) is a PostgreSQL serialization failure or deadlock. */
export function isRetryableConflict(error: unknown): boolean {
  const code = driverCode(error instanceof StorageUnavailableError ? error.cause : error);
  return code !== undefined && RETRYABLE_SQLSTATES.includes(code);
}

/**
 * True when PostgreSQL refused a value of the request itself (SQLSTATE class 22, data exception:
 * an id beyond `integer`, a NUL character in text, a malformed date), which SQLite would have
 * stored or simply not found: the client's mistake, answered 400 (PostgreSQL appendix A).
 */
export function isRejectedValue(error: unknown): boolean {
  const code = driverCode(error);
  return code !== undefined && /^22[0-9A-Z]{3}$/.test(code);
}

/** True when `error` is a storage fault (see the codes above), not a broken rule or a bug. */
export function isStorageFault(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  const code = driverCode(error);
  if (!code) return POSTGRES_CLIENT_MESSAGES.test((error as Error | null)?.message ?? '');
  if (NETWORK_CODES.includes(code)) return true;
  if (code.startsWith('SQLITE_')) return SQLITE_STORAGE_CODES.some((c) => code === c || code.startsWith(`${c}_`));
  return /^[0-9A-Z]{5}$/.test(code) && POSTGRES_STORAGE_CLASSES.includes(code.slice(0, 2));
}

/**
 * The change could not be stored (HTTP 503): nothing of it was written; the person may try
 * again. Thrown for a failed COMMIT and mapped from storage faults by the error filter.
 */
export class StorageUnavailableError extends DomainError {
  constructor(readonly cause?: unknown) {
    super('STORAGE_UNAVAILABLE', '数据暂时无法保存（存储空间不足或存储故障），本次操作未保存，请稍后再试。');
  }
}
