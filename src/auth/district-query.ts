import { DomainError } from '../common/domain-error';
import type { Organiser } from './auth.service';

/**
 * A list query as the signed-in account may run it: coordinators always get their own district,
 * whatever `district` they sent (issue 6).
 */
export function scopeToDistrict<T extends { district?: string }>(account: Organiser, query: T): T {
  return account.role === 'organiser' ? query : { ...query, district: String(account.districtId) };
}

/** @throws DomainError NOT_FOUND when a coordinator asks for a row of another district (or none). */
export function assertOwnDistrict(account: Organiser, districtId: number | null, what: string): void {
  if (account.role !== 'organiser' && (districtId === null || districtId !== account.districtId)) throw new DomainError('NOT_FOUND', `${what}不存在。`);
}
