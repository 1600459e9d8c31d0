import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Request, Response } from 'express';
import type { Organiser } from '../auth/auth.service';
import { AllowCoordinators, OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { OrganisationService } from '../organisation/organisation.service';
import { TrainingService } from '../training/training.service';
import { CompletionService } from './completion.service';
import { completionWorkbook } from './completion-workbook';
import { districtOf } from './district-filter';
import { datesText } from './session-days';

type SignedIn = Request & { organiser: Organiser };

/**
 * Completion (结业, issue 11, item 6): the report per session, per district and for the city
 * (page and .xlsx), and printable certificates (结业证书) per person and for a whole session.
 * Coordinators see their own district only.
 */
@Controller('admin/runs/:runId')
@UseGuards(OrganiserGuard)
@AllowCoordinators()
export class CompletionController {
  constructor(
    private readonly completion: CompletionService,
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
  ) {}

  @Get('completion')
  async page(@Param('runId', ParseIdPipe) runId: number, @Query('session') session: unknown, @Query('district') district: unknown, @Req() req: SignedIn, @Res() res: Response) {
    const filter = { sessionId: idOf(session), districtId: districtOf(req.organiser, district) };
    const report = await this.completion.report(runId, filter);
    const run = await this.training.run(runId);
    const districts = await this.organisation.listDistricts();
    res.render('attendance/completion', {
      title: `${report.run.title} · 结业情况`,
      report,
      runId,
      sessions: run.sessions.map((s) => ({ id: s.id, title: s.title, selected: s.id === filter.sessionId })),
      districts: req.organiser.role === 'coordinator' ? null : districts.map((d) => ({ id: d.id, name: d.name, selected: d.id === filter.districtId })),
      query: `?${new URLSearchParams({ ...(filter.sessionId ? { session: String(filter.sessionId) } : {}), ...(filter.districtId ? { district: String(filter.districtId) } : {}) })}`,
    });
  }

  @Get('completion.xlsx')
  async xlsx(@Param('runId', ParseIdPipe) runId: number, @Query('session') session: unknown, @Query('district') district: unknown, @Req() req: SignedIn, @Res() res: Response) {
    const report = await this.completion.report(runId, { sessionId: idOf(session), districtId: districtOf(req.organiser, district) });
    res.attachment('结业情况.xlsx').type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.send(await completionWorkbook(report));
  }

  /** Certificates of every complete person (of a session with `?session=`), one per printed page. */
  @Get('certificates')
  async certificates(@Param('runId', ParseIdPipe) runId: number, @Query('session') session: unknown, @Req() req: SignedIn, @Res() res: Response) {
    const rows = await this.completion.completed(runId, { sessionId: idOf(session), districtId: districtOf(req.organiser, undefined) });
    res.render('attendance/certificates', { layout: 'layouts/print', title: '结业证书', backHref: `/admin/runs/${runId}/completion`, certificates: await this.certificateModels(runId, rows) });
  }

  /**
   * The certificate of registration `id`.
   * @throws DomainError NOT_FOUND (no such registration in this run, or another district's for a
   *   coordinator), INVALID_STATE (not complete).
   */
  @Get('certificates/:id')
  async certificate(@Param('runId', ParseIdPipe) runId: number, @Param('id', ParseIdPipe) registrationId: number, @Req() req: SignedIn, @Res() res: Response) {
    const districtId = districtOf(req.organiser, undefined);
    const report = await this.completion.report(runId, { districtId });
    const row = report.rows.find((r) => r.registrationId === registrationId);
    if (!row) throw new DomainError('NOT_FOUND', `报名记录 ${registrationId} 不存在。`);
    if (row.result !== 'complete') throw new DomainError('INVALID_STATE', `${row.name}尚未结业，不能打印结业证书。`);
    const rows = [row];
    res.render('attendance/certificates', { layout: 'layouts/print', title: `结业证书 · ${rows[0].name}`, backHref: `/admin/runs/${runId}/completion`, certificates: await this.certificateModels(runId, rows) });
  }

  private async certificateModels(runId: number, rows: Awaited<ReturnType<CompletionService['completed']>>) {
    const run = await this.training.run(runId);
    return rows.map((r) => {
      const session = run.sessions.find((s) => s.id === r.sessionId)!;
      const days = datesText(session);
      return { name: r.name, unit: `${r.districtName}${r.unitLabel}`, post: r.postLabel, course: courseTitle(run.title, session.title), days, number: `${runId}-${session.ordinal}-${String(r.registrationId).padStart(4, '0')}`, issued: days.split('、').pop() };
    });
  }
}

/**
 * The course as the certificate names it: "run（session）", or the session's title alone when it
 * already starts with the run's (e.g. run 全市司法所长培训班, session 全市司法所长培训班（第一期）).
 */
export function courseTitle(runTitle: string, sessionTitle: string): string {
  return sessionTitle.startsWith(runTitle) ? sessionTitle : `${runTitle}（${sessionTitle}）`;
}

function idOf(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}
