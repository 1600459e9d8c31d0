import { Injectable } from '@nestjs/common';
import type { Organiser } from '../auth/auth.service';
import { DomainError } from '../common/domain-error';
import { OrganisationService } from '../organisation/organisation.service';
import { RegistrationsService } from '../registrations/registrations.service';

/**
 * Keeps district coordinators to their own district (issue 6): a participant or registration of
 * another district is answered as if it did not exist (404), so nothing about it leaks.
 */
@Injectable()
export class DistrictScopeService {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly registrations: RegistrationsService,
  ) {}

  /** @throws DomainError NOT_FOUND when a coordinator asks for another district's participant. */
  async participant(account: Organiser, participantId: number): Promise<void> {
    if (account.role === 'organiser') return;
    const person = await this.organisation.participant(participantId).catch(() => null);
    if (!person || person.districtId !== account.districtId) throw new DomainError('NOT_FOUND', `参训人员 ${participantId} 不存在。`);
  }

  /**
   * @throws DomainError NOT_FOUND when a coordinator asks for another district's registration,
   * with the same message as for a registration that does not exist (not the participant's).
   */
  async registration(account: Organiser, registrationId: number): Promise<void> {
    if (account.role === 'organiser') return;
    const participantId = await this.registrations.participantOf(registrationId);
    const notFound = new DomainError('NOT_FOUND', `报名记录 ${registrationId} 不存在。`);
    if (participantId === null) throw notFound;
    await this.participant(account, participantId).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === 'NOT_FOUND' ? notFound : error;
    });
  }
}
