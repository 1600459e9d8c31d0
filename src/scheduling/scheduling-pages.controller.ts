import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { CsrfTokenInQuery, OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { readRosterTable, UnreadableRosterFileError } from '../organisation/roster-import/read-roster-table';
import { PersonalLinksService } from '../registrations/personal-links.service';
import { TrainingService } from '../training/training.service';
import { consecutiveDates } from './calendar/working-days';
import { ProposedSession } from './proposal/propose-dates';
import { FieldErrors, readRunContact, readRunForm } from './runs/run-input';
import { RunPlanningService } from './runs/run-planning.service';
import { avoidedWeekdays, SchedulingViewsService } from './scheduling-views.service';

type Form = Record<string, unknown>;

const NOTICES: Record<string, string> = {
  created: '培训班已创建（草稿）。下一步：排期。',
  saved: '设置已保存。',
  contact: '联系人已保存，参训人员页面和此后发出的日历邀请将显示新的联系人。',
  planned: '期次已按所选日期保存。',
  closed: '报名已关闭。',
  archived: '培训班已归档。',
  imported: '名单已导入：本班只邀请名单上的人员。',
  copied: '已复制为新的草稿培训班，请修改名称、截止时间并重新排期。',
};

/**
 * The organiser's scheduling pages (issue 12, zh-CN, without JavaScript): runs (create, edit
 * while a draft, open, close, archive, copy) and their dates (proposal on a month calendar,
 * accept or adjust). City organisers only.
 */
@Controller('admin/runs')
@UseGuards(OrganiserGuard)
export class SchedulingPagesController {
  constructor(
    private readonly views: SchedulingViewsService,
    private readonly planning: RunPlanningService,
    private readonly training: TrainingService,
    private readonly links: PersonalLinksService,
  ) {}

  @Get()
  async list(@Res() res: Response) {
    res.render('scheduling/runs', await this.views.runList());
  }

  @Get('new')
  async newRun(@Res() res: Response) {
    res.render('scheduling/run-form', await this.views.runForm(null));
  }

  @Post()
  async create(@Body() form: Form, @Res() res: Response) {
    const { input, errors } = readRunForm(form);
    if (errors) return res.status(422).render('scheduling/run-form', await this.views.runForm(null, form, errors));
    try {
      const run = await this.planning.create(input);
      res.redirect(303, `/admin/runs/${run.id}?notice=created`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('scheduling/run-form', await this.views.runForm(null, form, {}, error.message));
    }
  }

  @Get(':runId')
  async show(@Param('runId', ParseIdPipe) runId: number, @Query('notice') notice: string | undefined, @Res() res: Response) {
    res.render('scheduling/run', await this.views.runPage(runId, notice && NOTICES[notice]));
  }

  @Get(':runId/edit')
  async edit(@Param('runId', ParseIdPipe) runId: number, @Res() res: Response) {
    res.render('scheduling/run-form', await this.views.runForm(await this.training.run(runId)));
  }

  @Post(':runId')
  async update(@Param('runId', ParseIdPipe) runId: number, @Body() form: Form, @Res() res: Response) {
    const run = await this.training.run(runId);
    const { input, errors } = readRunForm(form);
    if (errors) return res.status(422).render('scheduling/run-form', await this.views.runForm(run, form, errors));
    try {
      await this.planning.update(runId, input);
      res.redirect(303, `/admin/runs/${runId}?notice=saved`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('scheduling/run-form', await this.views.runForm(run, form, {}, error.message));
    }
  }

  /** The date proposal: with `from` in the query, proposes and shows the calendar. */
  @Get(':runId/schedule')
  async schedule(@Param('runId', ParseIdPipe) runId: number, @Query() query: Record<string, string | string[] | undefined>, @Res() res: Response) {
    if (typeof query.from !== 'string') return res.render('scheduling/schedule', await this.views.schedulePage(runId, query, null));
    const run = await this.training.run(runId);
    try {
      const proposal = await this.planning.propose(runId, {
        from: query.from,
        to: String(query.to ?? ''),
        sessions: toInt(query.sessions),
        daysPerSession: run.daysPerSession,
        minGapDays: toInt(query.gap),
        avoidWeekdays: avoidedWeekdays(query),
      });
      res.render('scheduling/schedule', await this.views.schedulePage(runId, query, proposal));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('scheduling/schedule', await this.views.schedulePage(runId, query, null, error.message));
    }
  }

  /** Accepts the (possibly adjusted) dates: one `firstDay` per session. */
  @Post(':runId/sessions')
  async plan(@Param('runId', ParseIdPipe) runId: number, @Body() form: Form, @Res() res: Response) {
    const run = await this.training.run(runId);
    const firstDays = [form.firstDay ?? []].flat().map((d) => (typeof d === 'string' ? d.trim() : ''));
    const venueId = typeof form.venueId === 'string' && /^\d{1,9}$/.test(form.venueId) ? Number(form.venueId) : undefined;
    const override = { confirmed: form.override === 'yes', reason: typeof form.overrideReason === 'string' ? form.overrideReason.trim() : undefined };
    try {
      await this.planning.planSessions(runId, firstDays.map((firstDay) => ({ firstDay, ...(venueId ? { venueId } : {}) })), override);
      res.redirect(303, `/admin/runs/${runId}?notice=planned`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const submitted: ProposedSession[] = firstDays.map((firstDay) => ({ firstDay, days: /^\d{4}-\d{2}-\d{2}$/.test(firstDay) ? consecutiveDates(firstDay, run.daysPerSession) : [] }));
      const query = { from: firstDays.filter(Boolean).sort()[0], to: firstDays.filter(Boolean).sort().at(-1), venueId: form.venueId as string };
      const model = await this.views.schedulePage(runId, query, submitted.every((s) => s.days.length) ? submitted : null, error.message);
      res.status(error.status).render('scheduling/schedule', { ...model, conflict: error.code === 'SCHEDULE_CONFLICT' ? error.details : undefined, overrideReason: override.reason ?? '' });
    }
  }

  /** Imports the audience from a CSV or Excel file: first column e-mail or unit code, first row a header. */
  @Post(':runId/audience')
  @CsrfTokenInQuery()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 5 * 1024 * 1024, files: 1 } }))
  async importAudience(@Param('runId', ParseIdPipe) runId: number, @UploadedFile() file: Express.Multer.File | undefined, @Res() res: Response) {
    try {
      if (!file) throw new DomainError('VALIDATION_FAILED', '请选择要上传的 CSV 或 Excel 文件。');
      let table;
      try {
        table = await readRosterTable({ buffer: file.buffer, filename: file.originalname });
      } catch (error) {
        if (error instanceof UnreadableRosterFileError) throw new DomainError('VALIDATION_FAILED', error.message);
        throw error;
      }
      const lines = table.filter((l) => l.line > 1).map((l) => (l.cells[0] ?? '').trim()).filter(Boolean);
      await this.planning.importAudience(runId, lines);
      res.redirect(303, `/admin/runs/${runId}?notice=imported`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('scheduling/run', await this.views.runPage(runId, undefined, error.message));
    }
  }

  /** POST /admin/runs/:runId/contact: the contact person and phone participants see (issue 13, item 7); 422 with the field errors. */
  @Post(':runId/contact')
  async contact(@Param('runId', ParseIdPipe) runId: number, @Body() form: Form, @Res() res: Response) {
    const errors: FieldErrors = {};
    const contact = readRunContact(form ?? {}, errors);
    if (Object.keys(errors).length) return res.status(422).render('scheduling/run', await this.views.runPage(runId, undefined, '请修正标红的项目。', { fields: form, errors }));
    await this.planning.setContact(runId, contact);
    res.redirect(303, `/admin/runs/${runId}?notice=contact`);
  }

  @Post(':runId/close')
  async close(@Param('runId', ParseIdPipe) runId: number, @Res() res: Response) {
    await this.planning.close(runId);
    res.redirect(303, `/admin/runs/${runId}?notice=closed`);
  }

  @Post(':runId/archive')
  async archive(@Param('runId', ParseIdPipe) runId: number, @Res() res: Response) {
    await this.planning.archive(runId);
    res.redirect(303, `/admin/runs/${runId}?notice=archived`);
  }

  @Post(':runId/copy')
  async copy(@Param('runId', ParseIdPipe) runId: number, @Res() res: Response) {
    const copy = await this.planning.copy(runId);
    res.redirect(303, `/admin/runs/${copy.id}?notice=copied`);
  }
}

function toInt(value: unknown): number {
  return typeof value === 'string' && /^-?\d{1,6}$/.test(value.trim()) ? Number(value) : NaN;
}
