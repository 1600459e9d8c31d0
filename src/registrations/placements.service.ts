import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { PlacementRow } from '../balancing/balancing-plan.entity';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { InvitationsService } from '../invitations/invitations.service';
import type { MailBatchKind } from '../invitations/mail-batch.entity';
import { MailBatchesService } from '../invitations/mail-batches.service';
import { OrganisationService } from '../organisation/organisation.service';
import { TrainingService } from '../training/training.service';
import { Registration } from './registration.entity';
import { WaitlistService } from './waitlist.service';

/**
 * Moves many registrations at once from one set of placements to another (a balancing plan's
 * apply or restore), in one transaction: the current state must still equal `from`, every seat
 * is re-checked at that moment, and only people who move get a CANCEL and a REQUEST (reason
 * 'promoted' when they come from the waitlist); people moved back to the waitlist get a waitlist
 * notice with their position.
 */
@Injectable()
export class PlacementsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
    private readonly waitlist: WaitlistService,
    private readonly batches: MailBatchesService,
  ) {}

  /**
   * `andThen` runs in the same transaction (e.g. marking the plan applied); `batch`: the mails
   * form one batch of that kind (its progress page, issue 11 item 8).
   * @returns how many registrations moved.
   * @throws DomainError PLAN_STALE when a registration changed since `from` was read;
   *   SESSION_FULL when a session no longer has the seats (capacity lowered meanwhile).
   */
  async move(runId: number, from: readonly PlacementRow[], to: readonly PlacementRow[], andThen?: (m: EntityManager, moved: number) => Promise<void>, batch?: { kind: MailBatchKind; subjectId: number; label: string }): Promise<number> {
    return this.transactions.run(async (m) => {
      // Read the registrations only once no other instance can change the run's seats (PLAN_STALE stays true).
      await this.training.lockRun(m, runId);
      if (batch) await this.batches.begin(m, { ...batch, runId });
      const moved = await this.moveIn(m, runId, from, to);
      await andThen?.(m, moved);
      return moved;
    });
  }

  private async moveIn(m: EntityManager, runId: number, from: readonly PlacementRow[], to: readonly PlacementRow[]): Promise<number> {
    const target = new Map(to.map((r) => [r.registrationId, r]));
    const changes = from.filter((r) => {
      const t = target.get(r.registrationId);
      return t && (t.status !== r.status || t.sessionId !== r.sessionId);
    });
    if (changes.length === 0) return 0;
    const current = await m.findBy(Registration, { id: In(changes.map((r) => r.registrationId)), runId });
    const byId = new Map(current.map((r) => [r.id, r]));
    for (const row of changes) {
      const now = byId.get(row.registrationId);
      if (!now || now.status !== row.status || (now.status === 'confirmed' && now.sessionId !== row.sessionId)) {
        throw new DomainError('PLAN_STALE', '报名情况在预览后已有变化，请重新预览后再执行。');
      }
    }
    for (const row of changes) if (row.status === 'confirmed') await this.training.releaseSeat(m, row.sessionId!);
    for (const row of changes) {
      const next = target.get(row.registrationId)!;
      if (next.status === 'confirmed' && !(await this.training.takeSeat(m, next.sessionId!))) {
        const session = await this.training.session(next.sessionId!, m);
        throw new DomainError('SESSION_FULL', `${session.title}的容量已不足以容纳该方案，请重新预览。`);
      }
    }
    const run = await this.training.run(runId, m);
    const requeued: number[] = [];
    for (const row of changes) {
      const registration = byId.get(row.registrationId)!;
      const next = target.get(row.registrationId)!;
      registration.status = next.status;
      registration.sessionId = next.sessionId;
      registration.queuedAt = next.status === 'waitlisted' ? (registration.queuedAt ?? registration.createdAt) : null;
      registration.updatedBy = 'organiser';
      await m.save(registration);
      const participant = await this.organisation.participant(registration.participantId, m);
      await this.audit.record(m, { action: 'registration.rebalance', subjectType: 'registration', subjectId: registration.id, districtId: participant.districtId, before: { status: row.status, sessionId: row.sessionId }, after: { status: next.status, sessionId: next.sessionId } });
      if (row.status === 'confirmed') {
        await this.invitations.queueCancel(m, { participant, session: await this.training.session(row.sessionId!, m), run }, next.status === 'waitlisted' ? 'to-waitlist' : 'moved-away');
      }
      if (next.status === 'confirmed') {
        // From the waitlist to a seat is a promotion and says so, as every other promotion does.
        await this.invitations.queueRequest(m, { participant, session: await this.training.session(next.sessionId!, m), run }, row.status === 'waitlisted' ? 'promoted' : 'confirmed');
      }
      if (next.status === 'waitlisted' && row.status === 'confirmed') requeued.push(registration.id);
    }
    // Positions once every move is made (issue 11, item 3).
    await this.waitlist.tellStillWaiting(m, run, requeued, 'rebalanced');
    return changes.length;
  }
}
