import { Injectable } from '@nestjs/common';
import { formatShanghai } from '../common/shanghai-time';
import { OrganisationService } from '../organisation/organisation.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { TrainingService } from '../training/training.service';
import { BalancingPolicy, DEFAULT_BALANCING_POLICY } from './balancing-input';
import { BalancingService } from './balancing.service';
import { CONFLICT_TEXT, PlanPerson, planReport } from './plan-report';

const PLAN_STATUS: Record<string, string> = { previewed: '预览中', applied: '已执行', restored: '已恢复', discarded: '已过期' };

/** View models of the balancing pages. */
@Injectable()
export class BalancingViewsService {
  constructor(
    private readonly balancing: BalancingService,
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly registrations: RegistrationsService,
  ) {}

  async start(runId: number, policy: BalancingPolicy = DEFAULT_BALANCING_POLICY, errors: Record<string, string> = {}) {
    const applied = await this.balancing.lastApplied(runId);
    return {
      title: '容量均衡',
      runId,
      policy: { ...policy, maxShare: policy.maxShare ?? '' },
      errors,
      hasErrors: Object.keys(errors).length > 0,
      lastApplied: applied && { id: applied.id, appliedAt: applied.appliedAt && formatShanghai(applied.appliedAt) },
    };
  }

  async plan(planId: number) {
    const plan = await this.balancing.plan(planId);
    const run = await this.training.run(plan.runId);
    const active = await this.registrations.activeByParticipant(run.id);
    const profiles = await this.organisation.listParticipants({ ids: plan.after.map((r) => r.participantId) });
    const people = new Map<number, PlanPerson>();
    for (const p of profiles) {
      const registration = active.get(p.id);
      const row = plan.after.find((r) => r.participantId === p.id)!;
      people.set(row.registrationId, { registrationId: row.registrationId, name: p.name, district: p.districtName, unit: p.unitLabel, preferences: registration?.preferences ?? [] });
    }
    const report = planReport({
      before: plan.before,
      after: plan.after,
      explanations: plan.report.explanations as never,
      sessions: run.sessions,
      people,
    });
    const title = (id: number) => run.sessions.find((s) => s.id === id)?.title ?? `#${id}`;
    const conflicts = ((plan.report.conflicts as { code: string; sessionId: number; participantIds: number[] }[]) ?? []).map((c) => ({
      text: CONFLICT_TEXT[c.code] ?? c.code,
      session: title(c.sessionId),
      people: c.participantIds.map((id) => people.get(id)?.name ?? `#${id}`).join('、'),
    }));
    return {
      title: `均衡方案 #${plan.id}`,
      plan: { id: plan.id, status: plan.status, statusText: PLAN_STATUS[plan.status], previewed: plan.status === 'previewed', applied: plan.status === 'applied' },
      policy: plan.policy,
      capPercent: typeof plan.policy.maxShare === 'number' && plan.policy.maxShare < 1 ? Math.round(plan.policy.maxShare * 100) : null,
      cost: plan.report.cost,
      conflicts,
      ...report,
    };
  }
}
