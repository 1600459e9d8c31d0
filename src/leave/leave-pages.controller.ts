import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { districtOf } from '../attendance/district-filter';
import { SessionRosterService } from '../attendance/session-roster.service';
import { daysOf } from '../attendance/session-days';
import type { Organiser } from '../auth/auth.service';
import { AllowCoordinators, OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { formatShanghai } from '../common/shanghai-time';
import { OrganisationService } from '../organisation/organisation.service';
import { TrainingService } from '../training/training.service';
import { readLeaveForm } from './leave-input';
import { LeaveService } from './leave.service';
import { readSubstitute } from './substitutes.service';

type SignedIn = Request & { organiser: Organiser };
const STATUS_TEXT = { pending: '待审批', approved: '已批准', refused: '未批准' } as const;
const NOTICES: Record<string, string> = { requested: '请假申请已提交。', approved: '已批准；已通知参训人员。', refused: '已拒绝；已通知参训人员。' };

/**
 * Leave for coordinators and organisers (issue 11, item 4): the run's requests (a coordinator's
 * district only), asking on someone's behalf, approving or refusing.
 */
@Controller('admin')
@UseGuards(OrganiserGuard)
@AllowCoordinators()
export class LeavePagesController {
  constructor(
    private readonly leave: LeaveService,
    private readonly training: TrainingService,
    private readonly roster: SessionRosterService,
    private readonly organisation: OrganisationService,
  ) {}

  @Get('runs/:runId/leave')
  async page(@Param('runId', ParseIntPipe) runId: number, @Query('notice') notice: string | undefined, @Req() req: SignedIn, @Res() res: Response) {
    res.render('leave/admin', await this.model(runId, req.organiser, { notice: notice && NOTICES[notice] }));
  }

  /** A request on someone's behalf: `registrationId`, `what` ('session' or a day), `reason`. */
  @Post('runs/:runId/leave')
  async request(@Param('runId', ParseIntPipe) runId: number, @Body() form: Record<string, unknown>, @Req() req: SignedIn, @Res() res: Response) {
    try {
      const registrationId = typeof form.registrationId === 'string' && /^\d{1,9}$/.test(form.registrationId) ? Number(form.registrationId) : NaN;
      if (!registrationId) throw new DomainError('VALIDATION_FAILED', '请选择参训人员。');
      await this.leave.request(registrationId, readLeaveForm(form), { kind: 'account', account: req.organiser });
      res.redirect(303, `/admin/runs/${runId}/leave?notice=requested`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('leave/admin', await this.model(runId, req.organiser, { error: error.message }));
    }
  }

  /** Approves; for a whole-session leave optionally with a substitute (`substituteName`, `substituteMobile`, `substituteEmail`). */
  @Post('leave/:id/approve')
  async approve(@Param('id', ParseIntPipe) id: number, @Body() form: Record<string, unknown>, @Req() req: SignedIn, @Res() res: Response) {
    const runId = await this.decide(id, req, () => this.leave.approve(id, req.organiser, readSubstitute(form ?? {})));
    if (runId) res.redirect(303, `/admin/runs/${runId}/leave?notice=approved`);
  }

  @Post('leave/:id/refuse')
  async refuse(@Param('id', ParseIntPipe) id: number, @Body('note') note: unknown, @Req() req: SignedIn, @Res() res: Response) {
    const runId = await this.decide(id, req, () => this.leave.refuse(id, req.organiser, typeof note === 'string' ? note : ''));
    if (runId) res.redirect(303, `/admin/runs/${runId}/leave?notice=refused`);
  }

  private async decide(id: number, _req: SignedIn, work: () => Promise<void>): Promise<number> {
    await work();
    return (await this.leave.byId(id))!.runId;
  }

  private async model(runId: number, account: Organiser, extra: Record<string, unknown>) {
    const run = await this.training.run(runId);
    const districtId = districtOf(account, undefined);
    const people = new Map<number, { name: string; district: string }>();
    const options = [];
    for (const session of run.sessions.filter((s) => s.status === 'scheduled')) {
      const days = daysOf(session);
      for (const p of await this.roster.people(session.id, districtId)) {
        people.set(p.participantId, { name: p.name, district: p.districtName });
        options.push({ registrationId: p.registrationId, label: `${p.name}（${p.districtName} ${p.unitLabel}）· ${session.title}`, days: days.map((d) => ({ date: d.date, label: d.label })) });
      }
    }
    const sessions = new Map(run.sessions.map((s) => [s.id, s]));
    const requests = await this.leave.list(runId, districtId);
    const unknown = requests.filter((r) => !people.has(r.participantId));
    for (const p of unknown.length ? await this.organisation.listParticipants({ ids: unknown.map((r) => r.participantId) }) : []) people.set(p.id, { name: p.name, district: p.districtName });
    return {
      title: `${run.title} · 请假`,
      runId,
      options,
      dayChoices: [...new Map(options.flatMap((o) => o.days).map((d) => [d.date, d])).values()].sort((a, b) => a.date.localeCompare(b.date)),
      requests: requests.map((r) => {
        const session = sessions.get(r.sessionId)!;
        const day = r.day ? daysOf(session).find((d) => d.date === r.day) : null;
        return { ...r, person: people.get(r.participantId)?.name ?? '', district: people.get(r.participantId)?.district ?? '', session: session.title, what: day ? `第 ${day.index} 天（${day.label}）` : '全期', statusText: STATUS_TEXT[r.status], pending: r.status === 'pending', requestedAtText: formatShanghai(r.requestedAt), requester: r.requestedBy === 'participant' ? '本人' : r.requestedBy };
      }),
      ...extra,
    };
  }
}
