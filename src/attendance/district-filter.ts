import type { Organiser } from '../auth/auth.service';

/**
 * The district a report or export is limited to: coordinators always their own (whatever they
 * asked for); others the `district` query value when it is an id, else all (undefined).
 */
export function districtOf(account: Organiser, district: unknown): number | undefined {
  if (account.role === 'coordinator') return account.districtId ?? -1;
  return typeof district === 'string' && /^\d{1,9}$/.test(district) ? Number(district) : undefined;
}

/**
 * The page a printable roster or sheet links back to: coordinators to their district's days
 * page (`/admin/days`), organisers and sign-in staff to the attendance overview.
 */
export function daysHomeOf(account: Organiser): string {
  return account.role === 'coordinator' ? '/admin/days' : '/admin/attendance';
}
