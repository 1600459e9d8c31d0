import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { MailBatchesService } from '../invitations/mail-batches.service';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Response } from 'express';
import { OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { RegistrationsService } from '../registrations/registrations.service';
import { TrainingService } from '../training/training.service';
import { BalancingPolicy } from './balancing-input';
import { BalancingViewsService } from './balancing-views.service';
import { BalancingService } from './balancing.service';

/** Reads the policy form; Chinese field errors. */
export function readPolicyForm(form: Record<string, unknown>): { policy: BalancingPolicy; errors?: Record<string, string> } {
  const errors: Record<string, string> = {};
  const num = (key: string, min: number, max: number, message: string) => {
    const raw = typeof form[key] === 'string' ? (form[key] as string).trim() : '';
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n) || n < min || n > max) errors[key] = message;
    return n;
  };
  const policy = {
    // Empty = no per-district cap (the default).
    maxShare: typeof form.maxShare === 'string' && form.maxShare.trim() === '' ? null : form.maxShare === undefined ? null : num('maxShare', 0.05, 1, '每区单期最大占比应在 0.05–1 之间（留空表示不限制）。'),
    moveCost: num('moveCost', 0, 100, '调整代价应在 0–100 之间。'),
    unrankedCost: num('unrankedCost', 3, 1000, '非志愿期次代价应在 3–1000 之间（不低于第三志愿）。'),
    evenness: num('evenness', 0, 100, '均衡权重应在 0–100 之间。'),
  };
  return Object.keys(errors).length ? { policy, errors } : { policy };
}

/** The organiser's balancing pages: policy, preview, apply, restore, pins. */
@Controller('admin')
@UseGuards(OrganiserGuard)
export class BalancingController {
  constructor(
    private readonly balancing: BalancingService,
    private readonly views: BalancingViewsService,
    private readonly training: TrainingService,
    private readonly registrations: RegistrationsService,
    private readonly batches: MailBatchesService,
  ) {}

  @Get('balancing')
  async start(@Query('run') runId: string | undefined, @Res() res: Response) {
    const run = await this.training.resolveRun(idOf(runId));
    res.render('balancing/start', { ...(await this.views.start(run.id)), runTitle: run.title });
  }

  @Post('balancing/preview')
  async preview(@Body() form: Record<string, unknown>, @Res() res: Response) {
    const run = await this.training.resolveRun(idOf(form.runId));
    const { policy, errors } = readPolicyForm(form);
    if (errors) return res.status(422).render('balancing/start', { ...(await this.views.start(run.id, policy, errors)), runTitle: run.title });
    const plan = await this.balancing.preview(run.id, policy);
    res.redirect(303, `/admin/balancing/plans/${plan.id}`);
  }

  /** The plan's page; it survives a reload in any state (after apply and restore too). */
  @Get('balancing/plans/:id')
  async plan(@Param('id', ParseIdPipe) id: number, @Query('done') done: string | undefined, @Query('moved') moved: string | undefined, @Res() res: Response) {
    const n = /^\d{1,6}$/.test(moved ?? '') ? Number(moved) : 0;
    const notice = done === 'applied' ? `方案已执行：调整 ${n} 人，相关日历通知已进入发送队列。` : done === 'restored' ? `已恢复执行前的安排：调整 ${n} 人。` : undefined;
    // The mails the apply (or restore) queued, with their delivery progress (issue 11, item 8); on every load.
    const batch = (await this.batches.latest('balancing-restore', id)) ?? (await this.batches.latest('balancing-apply', id));
    res.render('balancing/plan', { ...(await this.views.plan(id)), notice, mailBatch: batch ? { id: batch.id, ...(await this.batches.progress(batch.id)) } : null });
  }

  /** Applies the plan, then shows its page at its own address (post → redirect → get). */
  @Post('balancing/plans/:id/apply')
  async apply(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.runAndShow(id, res, () => this.balancing.apply(id), 'applied');
  }

  @Post('balancing/plans/:id/restore')
  async restore(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.runAndShow(id, res, () => this.balancing.restore(id), 'restored');
  }

  /** Pins a registration to a session for balancing (empty = remove the pin). */
  @Post('registrations/:id/pin')
  async pin(@Param('id', ParseIdPipe) id: number, @Body('sessionId') sessionId: unknown, @Res() res: Response) {
    if (sessionId !== undefined && sessionId !== '' && !(typeof sessionId === 'string' && /^\d{1,9}$/.test(sessionId))) {
      throw new DomainError('VALIDATION_FAILED', '请选择期次，或选“不固定”。');
    }
    const value = typeof sessionId === 'string' && sessionId !== '' ? Number(sessionId) : null;
    await this.registrations.setPin(id, value);
    res.redirect(303, '/admin/participants?notice=pinned');
  }

  private async runAndShow(id: number, res: Response, work: () => Promise<number>, done: 'applied' | 'restored') {
    try {
      const moved = await work();
      res.redirect(303, `/admin/balancing/plans/${id}?done=${done}&moved=${moved}`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('balancing/plan', { ...(await this.views.plan(id)), error: error.message });
    }
  }
}

/** A run id from `?run=` or a form's `runId`; undefined when absent or malformed. */
function idOf(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}
