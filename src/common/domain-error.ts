/**
 * Stable error codes of the product. Each maps to one HTTP status in `DomainErrorFilter`;
 * the message is Chinese, written for the person who caused it.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TOKEN: 404,
  SESSION_NOT_IN_RUN: 422,
  REGISTRATION_NOT_OPEN: 409,
  REGISTRATION_CLOSED: 409,
  ALREADY_REGISTERED: 409,
  NOT_REGISTERED: 409,
  SESSION_FULL: 409,
  SESSION_CANCELLED: 409,
  CAPACITY_BELOW_CONFIRMED: 409,
  IMPORT_INVALID: 422,
  INVALID_STATE: 409,
  EMAIL_IN_USE: 409,
  PLAN_STALE: 409,
  ACCOUNT_LOCKED: 429,
  CSRF_FAILED: 403,
  PLAN_INFEASIBLE: 422,
  /** Staffing (issue #5): a change breaks staffing rules; details list every violation. */
  STAFFING_RULES_VIOLATED: 422,
  /** Staffing: a form or request has invalid fields; details list them. */
  STAFFING_INPUT_INVALID: 422,
  /** Too many failed token or sign-in attempts from one address (src/auth/failure-throttle.service.ts). */
  TOO_MANY_FAILURES: 429,
  /** The database could not store the change (disk full, I/O error, locked): nothing was written. */
  STORAGE_UNAVAILABLE: 503,
  /** A body missing where a handler reads one, not an object, or nested too deep (src/common/request-shape.ts). */
  BODY_INVALID: 400,
  /** A query key given more than once. */
  QUERY_INVALID: 400,
  /** A body of a content type the app does not parse. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Scheduling (issue 12): several runs exist and the request names none. */
  RUN_REQUIRED: 400,
  /** Scheduling: a session's days break the calendar rules; details list the problems. */
  SCHEDULE_CONFLICT: 409,
  /** Scheduling: the person is not among the run's participants. */
  NOT_IN_AUDIENCE: 403,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A rule was broken; carries a stable code, a Chinese message and optional details. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
