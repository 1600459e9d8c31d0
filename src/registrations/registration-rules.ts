import { DomainError } from '../common/domain-error';
import { formatShanghai } from '../common/shanghai-time';

/** The parts of a run the registration rules look at. */
export interface RunForRules {
  status: 'draft' | 'open' | 'closed' | 'archived';
  registrationDeadline: Date;
  /** Participants may act from this instant on; null or absent: once the run is open. */
  registrationOpensAt?: Date | null;
  sessions: { id: number; status: string; title: string }[];
}

/** Most sessions a participant may rank (plan step 二(二) has three sessions). */
export const MAX_PREFERENCES = 3;

/**
 * Checks a ranked choice of sessions: 1 to 3 distinct sessions of this run, none cancelled.
 * @returns the ids, most wanted first.
 * @throws DomainError VALIDATION_FAILED (empty, too many, repeated), SESSION_NOT_IN_RUN, SESSION_CANCELLED.
 */
export function checkPreferences(run: RunForRules, sessionIds: number[]): number[] {
  if (sessionIds.length === 0) throw new DomainError('VALIDATION_FAILED', '请至少选择一期培训。');
  if (sessionIds.length > MAX_PREFERENCES) throw new DomainError('VALIDATION_FAILED', `最多可选择 ${MAX_PREFERENCES} 个志愿。`);
  if (new Set(sessionIds).size !== sessionIds.length) throw new DomainError('VALIDATION_FAILED', '同一期次不能重复选择。');
  for (const id of sessionIds) {
    const session = run.sessions.find((s) => s.id === id);
    if (!session) throw new DomainError('SESSION_NOT_IN_RUN', `所选期次（编号 ${id}）不属于本培训班。`);
    if (session.status === 'cancelled') throw new DomainError('SESSION_CANCELLED', `${session.title}已取消，请选择其他期次。`);
  }
  return sessionIds;
}

/**
 * Participants may register, change or cancel only while the run is open, from its opening
 * (registrationOpensAt) until its deadline.
 * Organisers are not bound by this.
 * @throws DomainError REGISTRATION_NOT_OPEN or REGISTRATION_CLOSED.
 */
export function checkParticipantMayAct(run: RunForRules, now: Date): void {
  if (run.status === 'draft') throw new DomainError('REGISTRATION_NOT_OPEN', '报名尚未开放，请等待市局通知。');
  if (run.status === 'open' && run.registrationOpensAt && now.getTime() < run.registrationOpensAt.getTime()) {
    throw new DomainError('REGISTRATION_NOT_OPEN', `报名将于${formatShanghai(run.registrationOpensAt)}开始，请届时再来。`);
  }
  if (run.status === 'closed' || run.status === 'archived' || now.getTime() > run.registrationDeadline.getTime()) {
    throw new DomainError(
      'REGISTRATION_CLOSED',
      `报名已于${formatShanghai(run.registrationDeadline)}截止，如需变更请联系市局促进法治处。`,
    );
  }
}

/**
 * Checks the sessions a participant cannot attend: sessions of this run, none of them ranked.
 * @throws DomainError SESSION_NOT_IN_RUN, VALIDATION_FAILED.
 */
export function checkUnavailable(run: RunForRules, preferences: number[], unavailable: number[]): number[] {
  for (const id of unavailable) {
    const session = run.sessions.find((s) => s.id === id);
    if (!session) throw new DomainError('SESSION_NOT_IN_RUN', `所选期次（编号 ${id}）不属于本培训班。`);
    if (preferences.includes(id)) throw new DomainError('VALIDATION_FAILED', `${session.title}不能既选为志愿又标为无法参加。`);
  }
  return [...new Set(unavailable)];
}

/** True when `error` is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || (code === 'SQLITE_CONSTRAINT' && /UNIQUE/i.test(e?.message ?? ''));
}
