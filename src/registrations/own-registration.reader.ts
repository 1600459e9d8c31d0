import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { hashToken, isWellFormedToken } from '../common/tokens';
import { TransactionRunner } from '../database/transaction-runner';
import { OrganisationService, ParticipantProfile, PROFILE_BY_TOKEN_SQL, ProfileRow } from '../organisation/organisation.service';
import { Registration } from './registration.entity';
import { RegistrationState } from './registrations.service';

/**
 * The holder of a personal link (`PROFILE_BY_TOKEN_SQL`), whether run `:runId` exists, and their
 * active registration in it with its 1-based waitlist position (the rule of
 * `WaitlistService.position`: queued earlier, or at the same instant with a smaller id, is ahead).
 * At most one row: one active registration per person per run (unique index).
 */
const OWN_REGISTRATION_SQL = `SELECT t.*, (SELECT COUNT(*) FROM training_run WHERE id = :runId) AS "runExists",
    r.id AS "registrationId", r.status, r."sessionId", r.preferences, r.unavailable, r."pinnedSessionId",
    CASE WHEN r.status = 'waitlisted' AND r."queuedAt" IS NOT NULL THEN 1 + (SELECT COUNT(*) FROM registration w
      WHERE w."runId" = r."runId" AND w.status = 'waitlisted' AND (w."queuedAt" < r."queuedAt" OR (w."queuedAt" = r."queuedAt" AND w.id < r.id))) END AS "waitlistPosition"
  FROM (${PROFILE_BY_TOKEN_SQL}) t
  LEFT JOIN registration r ON r."participantId" = t.id AND r."runId" = :runId AND r.status <> 'cancelled'`;

/**
 * A person's active registration in run `:runId` with its waitlist position (as in
 * `OWN_REGISTRATION_SQL`), by participant id: for pages that know the person and the run already.
 */
const REGISTRATION_OF_SQL = `SELECT r.id AS "registrationId", r.status, r."sessionId", r.preferences, r.unavailable, r."pinnedSessionId",
    CASE WHEN r.status = 'waitlisted' AND r."queuedAt" IS NOT NULL THEN 1 + (SELECT COUNT(*) FROM registration w
      WHERE w."runId" = r."runId" AND w.status = 'waitlisted' AND (w."queuedAt" < r."queuedAt" OR (w."queuedAt" = r."queuedAt" AND w.id < r.id))) END AS "waitlistPosition"
  FROM registration r WHERE r."participantId" = :participantId AND r."runId" = :runId AND r.status <> 'cancelled'`;

const idOrNull = (value: number | string | null) => (value === null ? null : Number(value));

/** The registration columns of both statements. */
interface RegistrationColumns {
  registrationId: number | string | null;
  status: Registration['status'] | null;
  sessionId: number | string | null;
  preferences: string | null;
  unavailable: string | null;
  pinnedSessionId: number | string | null;
  waitlistPosition: number | string | null;
}

type OwnRegistrationRow = ProfileRow & RegistrationColumns & { expired: number | boolean; runExists: number | string };

/** The registration of a row, or null when the row has none. */
function registrationOfRow(row: RegistrationColumns | undefined): RegistrationState | null {
  if (!row || row.registrationId === null) return null;
  return {
    id: Number(row.registrationId),
    status: row.status!,
    sessionId: idOrNull(row.sessionId),
    preferences: JSON.parse(row.preferences ?? '[]'),
    unavailable: JSON.parse(row.unavailable ?? '[]'),
    pinnedSessionId: idOrNull(row.pinnedSessionId),
    waitlistPosition: idOrNull(row.waitlistPosition),
  };
}

/**
 * The participant's own read (`GET /api/runs/:runId/registration`, issue 10 item 7): who holds the
 * link and their registration in one SQL statement on a read connection — the same answer as
 * `OrganisationService.participantByToken` followed by `RegistrationsService.current`, in one
 * round trip instead of seven.
 */
@Injectable()
export class OwnRegistrationReader {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly organisation: OrganisationService,
    private readonly clock: Clock,
  ) {}

  /**
   * @returns the link holder's profile and their active registration in run `runId` (null when none).
   * @throws DomainError INVALID_TOKEN (malformed, unknown, revoked or expired link), NOT_FOUND (no such run).
   */
  async read(token: string, runId: number): Promise<{ participant: ParticipantProfile; registration: RegistrationState | null }> {
    // Same message as participantByToken: a malformed link never reaches the database.
    if (!isWellFormedToken(token)) return { participant: this.organisation.profileOfTokenRow(undefined), registration: null };
    const [row] = await this.transactions.readStatement<OwnRegistrationRow[]>(OWN_REGISTRATION_SQL, { tokenHash: hashToken(token), now: this.clock.now(), runId });
    const participant = this.organisation.profileOfTokenRow(row);
    if (!Number(row.runExists)) throw new DomainError('NOT_FOUND', `培训班 ${runId} 不存在。`);
    return { participant, registration: registrationOfRow(row) };
  }

  /**
   * The active registration of participant `participantId` in run `runId` (which the caller has
   * read), or null: `RegistrationsService.current` in one statement (the personal page).
   */
  async registrationOf(participantId: number, runId: number): Promise<RegistrationState | null> {
    const [row] = await this.transactions.readStatement<RegistrationColumns[]>(REGISTRATION_OF_SQL, { participantId, runId });
    return registrationOfRow(row);
  }
}
