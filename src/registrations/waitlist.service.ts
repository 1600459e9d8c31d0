import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { choosePromotions } from '../balancing/waitlist-promotion';
import { InvitationsService } from '../invitations/invitations.service';
import { OrganisationService } from '../organisation/organisation.service';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { TrainingService } from '../training/training.service';
import { WaitlistCause, WaitlistNoticesService } from '../messaging/waitlist-notices.service';
import { Registration } from './registration.entity';

/**
 * One waitlist per run: a waitlisted registration waits for any session it ranked. When seats
 * free up or capacity rises, `choosePromotions` decides who is promoted where (as many as
 * possible, best choices, first in first out among equals; case C07, issue 4).
 */
@Injectable()
export class WaitlistService {
  constructor(
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
    private readonly notices: WaitlistNoticesService,
  ) {}

  /**
   * Fills the run's free seats from the waitlist, in the caller's transaction; queues a REQUEST
   * for each person promoted. @returns the ids of the registrations promoted.
   */
  async fillFreeSeats(m: EntityManager, run: TrainingRun): Promise<number[]> {
    // Callers lock the run first; again here (a no-op then) so that no caller can forget it.
    await this.training.lockRun(m, run.id);
    const waiting = await m.find(Registration, { where: { runId: run.id, status: 'waitlisted' }, order: { queuedAt: 'ASC', id: 'ASC' } });
    if (waiting.length === 0) return [];
    const sessions = await m.find(TrainingSession, { where: { runId: run.id, status: 'scheduled' } });
    const free = new Map(sessions.map((s) => [s.id, s.capacity - s.confirmedCount]));
    const chosen = choosePromotions(waiting.map((w) => ({ id: w.id, ranked: w.preferences })), free);
    const promoted: number[] = [];
    for (const registration of waiting.filter((w) => chosen.has(w.id))) {
      const sessionId = chosen.get(registration.id)!;
      if (!(await this.training.takeSeat(m, sessionId))) continue;
      const result = await m
        .createQueryBuilder()
        .update(Registration)
        .set({ status: 'confirmed', sessionId, queuedAt: null })
        .where(`id = :id AND status = 'waitlisted'`, { id: registration.id })
        .execute();
      if (result.affected !== 1) {
        await this.training.releaseSeat(m, sessionId);
        continue;
      }
      promoted.push(registration.id);
      const participant = await this.organisation.participant(registration.participantId, m);
      const session = await this.training.session(sessionId, m);
      await this.invitations.queueRequest(m, { participant, session, run }, 'promoted');
      await this.audit.record(m, { action: 'registration.promote', subjectType: 'registration', subjectId: registration.id, districtId: participant.districtId, before: { status: 'waitlisted' }, after: { status: 'confirmed', sessionId } });
    }
    return promoted;
  }

  /**
   * Queues a waitlist notice with their position to each of `registrationIds` that is still
   * waitlisted now, in the caller's transaction: call it after `fillFreeSeats`, so that someone put
   * back on the waitlist and promoted at once gets only the promotion's invitation (one mail).
   * @returns how many notices were queued.
   */
  async tellStillWaiting(m: EntityManager, run: TrainingRun, registrationIds: readonly number[], cause: WaitlistCause): Promise<number> {
    let told = 0;
    for (const id of new Set(registrationIds)) {
      const registration = await m.findOneBy(Registration, { id, status: 'waitlisted' });
      const position = registration && (await this.position(m, registration));
      if (!registration || !position) continue;
      const participant = await this.organisation.participant(registration.participantId, m);
      const titles = registration.preferences.map((s) => run.sessions.find((x) => x.id === s)?.title ?? '');
      await this.notices.waitlisted(m, participant, run.title, position, titles, cause);
      told++;
    }
    return told;
  }

  /** 1-based position of a waitlisted registration in its run's queue, or null. */
  async position(m: EntityManager, registration: Registration): Promise<number | null> {
    if (registration.status !== 'waitlisted' || !registration.queuedAt) return null;
    const ahead = await m
      .getRepository(Registration)
      .createQueryBuilder('r')
      .where(`r."runId" = :runId AND r.status = 'waitlisted'`, { runId: registration.runId })
      .andWhere(`(r."queuedAt" < :at OR (r."queuedAt" = :at AND r.id < :id))`, { at: registration.queuedAt, id: registration.id })
      .getCount();
    return ahead + 1;
  }
}
