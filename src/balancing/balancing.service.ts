import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { OrganisationService } from '../organisation/organisation.service';
import { Registration } from '../registrations/registration.entity';
import { PlacementsService } from '../registrations/placements.service';
import { TrainingService } from '../training/training.service';
import { allocate } from './allocation/allocate';
import { BalancingRegistration, BalancingPolicy, proposedRows, toAllocationInput } from './balancing-input';
import { BalancingPlan } from './balancing-plan.entity';

/**
 * The organiser's balancing workflow: preview an optimal placement (the allocation engine),
 * apply it in one transaction moving only whom it must, and restore the previous placement.
 */
@Injectable()
export class BalancingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly placements: PlacementsService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Computes and stores a plan for the run's active registrations. @returns the plan. */
  async preview(runId: number, policy: BalancingPolicy): Promise<BalancingPlan> {
    const run = await this.training.run(runId);
    return this.transactions.run(async (m) => {
      const registrations = await this.registrations(m, runId);
      const result = allocate(toAllocationInput(registrations, run.sessions, policy));
      const explanations = Object.fromEntries([...result.explanations].map(([id, e]) => [id, { code: e.code, rank: e.rank, reasons: e.reasons }]));
      await m.update(BalancingPlan, { runId, status: 'previewed' }, { status: 'discarded' });
      return m.save(
        m.create(BalancingPlan, {
          runId,
          status: 'previewed',
          policy: { ...policy },
          before: registrations.map(({ registrationId, participantId, status, sessionId }) => ({ registrationId, participantId, status, sessionId })),
          after: proposedRows(registrations, result),
          report: { cost: result.cost, conflicts: result.conflicts, explanations, unplaced: result.unplaced },
          appliedAt: null,
        }),
      );
    });
  }

  /** @throws DomainError NOT_FOUND. */
  async plan(planId: number): Promise<BalancingPlan> {
    const plan = await this.dataSource.getRepository(BalancingPlan).findOneBy({ id: planId });
    if (!plan) throw new DomainError('NOT_FOUND', `方案 ${planId} 不存在。`);
    return plan;
  }

  /** The latest applied plan of a run (the one "restore" undoes), or null. */
  lastApplied(runId: number): Promise<BalancingPlan | null> {
    return this.dataSource.getRepository(BalancingPlan).findOne({ where: { runId, status: 'applied' }, order: { id: 'DESC' } });
  }

  /**
   * Applies a previewed plan. @returns how many people moved.
   * @throws DomainError INVALID_STATE (not the current preview), PLAN_INFEASIBLE (a pin cannot be
   *   honoured), PLAN_STALE, SESSION_FULL.
   */
  async apply(planId: number): Promise<number> {
    const plan = await this.plan(planId);
    if (plan.status !== 'previewed') throw new DomainError('INVALID_STATE', '该方案已执行或已过期，请重新预览。');
    const conflicts = (plan.report.conflicts as unknown[]) ?? [];
    if (conflicts.length) throw new DomainError('PLAN_INFEASIBLE', '方案中有无法满足的固定安排，请先调整后重新预览。', conflicts);
    return this.placements.move(plan.runId, plan.before, plan.after, async (m, moved) => {
      // Guarded: of two instances applying the same plan at once, only one marks it applied.
      const marked = await m.update(BalancingPlan, { id: plan.id, status: 'previewed' }, { status: 'applied', appliedAt: this.clock.now() });
      if (marked.affected !== 1) throw new DomainError('INVALID_STATE', '该方案已执行或已过期，请重新预览。');
      await this.audit.record(m, { action: 'balancing.apply', subjectType: 'balancing_plan', subjectId: plan.id, before: { status: 'previewed' }, after: { status: 'applied', moved } });
    }, { kind: 'balancing-apply', subjectId: plan.id, label: `执行均衡方案 #${plan.id}` });
  }

  /**
   * Restores the placement an applied plan replaced. @returns how many people moved back.
   * @throws DomainError INVALID_STATE, PLAN_STALE (registrations changed since the plan was applied).
   */
  async restore(planId: number): Promise<number> {
    const plan = await this.plan(planId);
    if (plan.status !== 'applied') throw new DomainError('INVALID_STATE', '只能恢复已执行的方案。');
    return this.placements.move(plan.runId, plan.after, plan.before, async (m, moved) => {
      await m.update(BalancingPlan, plan.id, { status: 'restored' });
      await this.audit.record(m, { action: 'balancing.restore', subjectType: 'balancing_plan', subjectId: plan.id, before: { status: 'applied' }, after: { status: 'restored', moved } });
    }, { kind: 'balancing-restore', subjectId: plan.id, label: `恢复均衡方案 #${plan.id} 执行前的安排` });
  }

  private async registrations(m: EntityManager, runId: number): Promise<BalancingRegistration[]> {
    const rows = await m
      .getRepository(Registration)
      .createQueryBuilder('r')
      .where(`r."runId" = :runId AND r.status <> 'cancelled'`, { runId })
      .orderBy('r.id', 'ASC')
      .getMany();
    const people = new Map((await this.organisation.listParticipants({ ids: rows.map((r) => r.participantId) }, m)).map((p) => [p.id, p]));
    return rows.map((r) => ({
      registrationId: r.id,
      participantId: r.participantId,
      status: r.status as 'confirmed' | 'waitlisted',
      sessionId: r.status === 'confirmed' ? r.sessionId : null,
      district: people.get(r.participantId)!.unitCode.slice(0, 6),
      preferences: r.preferences,
      unavailable: r.unavailable,
      pinnedSessionId: r.pinnedSessionId,
    }));
  }
}
