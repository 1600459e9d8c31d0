import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { parseShanghaiDateTime } from '../common/shanghai-time';

/** Typed, validated configuration. The only place that reads `process.env` is `loadConfig`. */
export interface AppConfig {
  /** HTTP port, default 3000. */
  port: number;
  /** Base URL used in links sent by mail, without trailing slash. */
  publicBaseUrl: string;
  /**
   * `url` (DATABASE_URL, postgres://…) switches to PostgreSQL; otherwise the SQLite file at
   * `path` (the embedded default).
   */
  database: { path: string; url?: string; logging: boolean };
  /** Structured logs: the pino level, and a file to write them to instead of standard output. */
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent'; file?: string };
  mail: {
    fromName: string;
    fromAddress: string;
    /** When set, mail goes by SMTP (pooled); otherwise each message is written as .eml into `outboxDir`. */
    smtpUrl?: string;
    outboxDir: string;
    /**
     * File holding the 32-byte AES-256-GCM key that seals personal links in the outbox until they
     * are sent (created on first use, mode 0600); default `outbox-secret.key` next to the database.
     */
    secretKeyPath: string;
    /** Milliseconds between dispatcher polls; 0 disables the background dispatcher (tests drive it). */
    dispatchIntervalMs: number;
    /** Milliseconds between looks for due reminders (issue 11); 0 disables the background look (tests drive it). */
    reminderIntervalMs: number;
    /** Attempts before a message is marked failed (24 with the defaults: about 5 to 10 minutes of retries). */
    maxAttempts: number;
    /** First retry delay in ms; doubles per attempt, with jitter. */
    retryBaseMs: number;
    /** Longest wait between two attempts (ms), so delivery resumes promptly after an outage. */
    retryMaxMs: number;
    /** How long a claimed message stays with its dispatcher before another may take it over (ms). */
    claimLeaseMs: number;
    /** Messages one dispatch pass sends at once (different recipients only; order per recipient kept). */
    dispatchConcurrency: number;
  };
  /** Optional SMTP listener for iTIP replies (RSVP) addressed to `mail.fromAddress`. */
  inbound: {
    /** Unset: no listener. 0: any free port (tests). */
    smtpPort?: number;
    smtpHost: string;
    /** Larger messages are refused (SMTP 552), in bytes. */
    maxMessageBytes: number;
    /** What a DECLINED reply does: free the seat (cancel the registration) or only show it. */
    declinePolicy: 'free-seat' | 'notify-organiser';
  };
  organiser: { username: string; password?: string; sessionHours: number };
  /** Seed the real roster, the April 2021 run and fictitious demo people at start. */
  seedOnStart: boolean;
  /** Domain used for calendar UIDs and Message-IDs. */
  idDomain: string;
  /**
   * When set, the product clock starts at this instant at boot and runs on in real time, so the
   * April 2021 run can be replayed (registration deadline in the future). Unset: real time.
   */
  clockStart?: Date;
  /** Express `trust proxy`: hops (a number) or a list of proxy addresses / `loopback`; false = the socket address. */
  trustProxy: number | string[] | false;
  /**
   * Staffing rules' dates, Shanghai 'YYYY-MM-DD': the plan's effective date (tasks 15, 17, 18 "new"
   * hires and appointments; default 2021-02-09, the day 沪司发〔2021〕11号 was issued) and the start of
   * task 18's two years (default: the effective date).
   */
  staffing: { effectiveDate: string; certificateWindowStart: string };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Raised when the environment is invalid; the message lists every bad variable. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, key: string, fallback: number, min: number, max: number, errors: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(`${key} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return n;
}

function bool(env: Env, key: string, fallback: boolean, errors: string[]): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  errors.push(`${key} must be true or false (got "${raw}")`);
  return fallback;
}

function oneOf<T extends string>(env: Env, key: string, values: readonly T[], fallback: T, errors: string[]): T {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  errors.push(`${key} must be one of ${values.join(', ')} (got "${raw}")`);
  return fallback;
}

function url(env: Env, key: string, fallback: string | undefined, protocols: string[], errors: string[]) {
  const raw = env[key] || fallback;
  if (!raw) return undefined;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
    return raw.replace(/\/+$/, '');
  } catch {
    errors.push(`${key} must be a URL starting with ${protocols.join(' or ')} (got "${raw}")`);
    return fallback;
  }
}

function date(env: Env, key: string, fallback: string, errors: string[]): string {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const [y, m, d] = raw.split('-').map(Number);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(raw) && new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === raw;
  if (!valid) errors.push(`${key} must be a date YYYY-MM-DD (got "${raw}")`);
  return valid ? raw : fallback;
}

/** TRUST_PROXY: unset (trust no proxy), a hop count, or proxy addresses/subnets or loopback, linklocal, uniquelocal. */
function trustProxy(env: Env, errors: string[]): number | string[] | false {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false') return false;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const valid = entries.every((e) => ['loopback', 'linklocal', 'uniquelocal'].includes(e) || /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e));
  if (!valid) errors.push(`TRUST_PROXY must be a hop count or a comma list of proxy addresses (or loopback) (got "${raw}")`);
  return valid ? entries : false;
}

function instant(env: Env, key: string, errors: string[]): Date | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  const parsed = parseShanghaiDateTime(raw);
  if (!parsed) errors.push(`${key} must be an ISO 8601 date-time such as 2021-03-22T09:00:00+08:00 (got "${raw}")`);
  return parsed ?? undefined;
}

/**
 * Reads and validates the environment (see the table in README.md).
 * @throws ConfigError listing every invalid variable.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const errors: string[] = [];
  const port = int(env, 'PORT', 3000, 0, 65535, errors);
  const fromAddress = env.MAIL_FROM_ADDRESS || 'training@example.org';
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(fromAddress)) {
    errors.push(`MAIL_FROM_ADDRESS must be an e-mail address (got "${fromAddress}")`);
  }
  const config: AppConfig = {
    port,
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`, ['http:', 'https:'], errors)!,
    database: {
      path: env.DATABASE_PATH || 'data/app.sqlite',
      url: url(env, 'DATABASE_URL', undefined, ['postgres:', 'postgresql:'], errors),
      logging: bool(env, 'DATABASE_LOGGING', false, errors),
    },
    mail: {
      fromName: env.MAIL_FROM_NAME || '市局促进法治处',
      fromAddress,
      smtpUrl: url(env, 'SMTP_URL', undefined, ['smtp:', 'smtps:'], errors),
      outboxDir: env.MAIL_OUTBOX_DIR || 'data/outbox',
      secretKeyPath: env.OUTBOX_SECRET_KEY_PATH || join(dirname(env.DATABASE_PATH || 'data/app.sqlite'), 'outbox-secret.key'),
      dispatchIntervalMs: int(env, 'DISPATCH_INTERVAL_MS', 2000, 0, 3_600_000, errors),
      reminderIntervalMs: int(env, 'REMINDER_INTERVAL_MS', 60_000, 0, 3_600_000, errors),
      maxAttempts: int(env, 'DISPATCH_MAX_ATTEMPTS', 24, 1, 100, errors),
      retryBaseMs: int(env, 'DISPATCH_RETRY_BASE_MS', 5000, 1, 3_600_000, errors),
      retryMaxMs: int(env, 'DISPATCH_RETRY_MAX_MS', 30_000, 1, 24 * 3_600_000, errors),
      claimLeaseMs: int(env, 'DISPATCH_CLAIM_LEASE_MS', 5 * 60_000, 1000, 24 * 3_600_000, errors),
      dispatchConcurrency: int(env, 'DISPATCH_CONCURRENCY', 3, 1, 50, errors),
    },
    inbound: {
      smtpPort: env.INBOUND_SMTP_PORT ? int(env, 'INBOUND_SMTP_PORT', 0, 0, 65535, errors) : undefined,
      smtpHost: env.INBOUND_SMTP_HOST || '127.0.0.1',
      maxMessageBytes: 1024 * 1024,
      declinePolicy: oneOf(env, 'RSVP_DECLINE_POLICY', ['free-seat', 'notify-organiser'] as const, 'notify-organiser', errors),
    },
    organiser: {
      username: env.ORGANISER_USERNAME || 'organiser',
      password: env.ORGANISER_PASSWORD || undefined,
      sessionHours: int(env, 'ORGANISER_SESSION_HOURS', 8, 1, 24 * 30, errors),
    },
    seedOnStart: bool(env, 'SEED_ON_START', true, errors),
    idDomain: fromAddress.split('@')[1] ?? 'example.org',
    clockStart: instant(env, 'CLOCK_START', errors),
    trustProxy: trustProxy(env, errors),
    log: { level: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const, 'info', errors), file: env.LOG_FILE || undefined },
    staffing: { effectiveDate: '', certificateWindowStart: '' },
  };
  const effectiveDate = date(env, 'STAFFING_EFFECTIVE_DATE', '2021-02-09', errors);
  config.staffing = { effectiveDate, certificateWindowStart: date(env, 'STAFFING_CERTIFICATE_WINDOW_START', effectiveDate, errors) };
  if (config.organiser.password !== undefined && config.organiser.password.length < 10) {
    errors.push('ORGANISER_PASSWORD must be at least 10 characters');
  }
  if (errors.length) throw new ConfigError(`Invalid configuration:\n- ${errors.join('\n- ')}`);
  return config;
}

/** A random password for the first organiser account when none is configured. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
