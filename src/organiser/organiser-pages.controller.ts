import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { Organiser } from '../auth/auth.service';
import { scopeToDistrict } from '../auth/district-query';
import { AllowCoordinators, AllowSignInStaff, CsrfTokenInQuery, OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { buildRosterTemplate } from '../organisation/roster-import/parse-roster-file';
import { RosterImportService } from '../organisation/roster-import.service';
import { PersonalLinksService } from '../registrations/personal-links.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { SessionChangesService } from '../registrations/session-changes.service';
import { TrainingService } from '../training/training.service';
import { attendanceChart, shortTitle } from './charts';
import { DistrictHomeService } from './district-home.service';
import { SessionRosterService } from '../attendance/session-roster.service';
import { MassMailPreviewService } from '../messaging/mass-mail-preview.service';
import { MailBatchesService } from '../invitations/mail-batches.service';
import { RemindersService } from '../messaging/reminders.service';
import { DistrictScopeService } from './district-scope.service';
import { OrganiserViewsService, ParticipantListQuery } from './organiser-views.service';

type SignedIn = Request & { organiser: Organiser };

const NOTICES: Record<string, string> = {
  opened: '报名已开放，个人报名链接已进入发送队列。',
  moved: '已调整期次，相关日历通知已进入发送队列。',
  cancelled: '已取消该报名。',
  saved: '期次已保存；如日期、时间或地点有变，已向确认人员发送日历更新。',
  imported: '名单已导入。',
  pinned: '已更新固定安排（用于容量均衡）。',
  revoked: '个人报名链接已撤销。',
  'session-cancelled': '期次已取消：已向确认人员发送日历取消通知，并按其他志愿转入候补或直接确认。',
};

/** The organiser's pages (zh-CN, server-rendered, usable without JavaScript). */
@Controller('admin')
@UseGuards(OrganiserGuard)
export class OrganiserPagesController {
  constructor(
    private readonly views: OrganiserViewsService,
    private readonly training: TrainingService,
    private readonly links: PersonalLinksService,
    private readonly registrations: RegistrationsService,
    private readonly sessions: SessionChangesService,
    private readonly roster: RosterImportService,
    private readonly scope: DistrictScopeService,
    private readonly districtHome: DistrictHomeService,
    private readonly reminders: RemindersService,
    private readonly massMail: MassMailPreviewService,
    private readonly sessionRoster: SessionRosterService,
    private readonly batches: MailBatchesService,
  ) {}

  /** A batch's progress for the notice, or null when there is no such batch. */
  private async mailBatch(id: number) {
    try {
      return { id, ...(await this.batches.progress(id)) };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  @Get()
  @AllowCoordinators()
  @AllowSignInStaff()
  async overview(@Query('notice') notice: string | undefined, @Query('run') run: string | undefined, @Query('batch') batch: string | undefined, @Req() req: SignedIn, @Res() res: Response) {
    if (req.organiser.role === 'signin') return res.redirect(303, '/admin/attendance');
    try {
      // A coordinator's home: their district's totals and the people who still need action (issue 13, item 6).
      if (req.organiser.role !== 'organiser') return res.render('organiser/district-home', await this.districtHome.home(req.organiser.districtId ?? -1, idOf(run)));
      const model = await this.views.overview(idOf(run));
      // Live sign-in counts per day (issue 11, item 5).
      const attendance = (await this.sessionRoster.runCounts(model.run.id)).flatMap(({ session, days }) => days.map((d) => ({ ...d, session: session.title, sessionId: session.id })));
      const attendanceSvg = attendance.length ? attendanceChart(attendance.map((d) => ({ label: `${shortTitle(d.session)} ${d.label}`, confirmed: d.confirmed, signedIn: d.signedIn, leave: d.leave, absent: d.absent }))) : null;
      // After a mass mail (opening registration, cancelling a session): that batch's progress and its page (issue 11, item 8).
      const mailBatch = idOf(batch) ? await this.mailBatch(idOf(batch)!) : null;
      res.render('organiser/overview', { ...model, attendance, attendanceSvg, notice: notice && NOTICES[notice], mailBatch });
    } catch (error) {
      // Several runs and none named: the run list lets the organiser choose (issue 12).
      if (error instanceof DomainError && error.code === 'RUN_REQUIRED') return res.redirect(303, req.organiser.role === 'organiser' ? '/admin/runs' : '/admin/participants');
      throw error;
    }
  }

  /** "This will e-mail N people" before registration opens (issue 11, item 8). */
  @Get('runs/:runId/open')
  async confirmOpen(@Param('runId', ParseIdPipe) runId: number, @Res() res: Response) {
    const run = await this.training.run(runId);
    res.render('messaging/confirm-mass-mail', {
      title: '开放报名', heading: `开放报名：${run.title}`, what: '个人报名链接。', preview: await this.massMail.openRegistration(runId),
      action: `/admin/runs/${runId}/open`, hidden: [], button: '确认开放报名并发送个人链接', back: '/admin',
    });
  }

  @Post('runs/:runId/open')
  async open(@Param('runId', ParseIdPipe) runId: number, @Res() res: Response) {
    await this.links.openRegistration(runId);
    const batch = await this.batches.latest('run-open', runId);
    res.redirect(303, `/admin?notice=opened&run=${runId}${batch ? `&batch=${batch.id}` : ''}`);
  }

  /** Coordinators see only their own district's people. */
  @Get('participants')
  @AllowCoordinators()
  async participants(@Query() query: ParticipantListQuery, @Req() req: SignedIn, @Res() res: Response) {
    const scoped = scopeToDistrict(req.organiser, query);
    const notice = query.notice === 'registered' ? await this.registeredNotice(req.organiser, query.for, idOf(query.run)) : query.notice && NOTICES[query.notice];
    try {
      res.render('organiser/participants', { ...(await this.views.participants(scoped, req.organiser.role === 'organiser')), notice });
    } catch (error) {
      // Several runs and none named: let the person choose (issue 12), never guess.
      if (!(error instanceof DomainError) || error.code !== 'RUN_REQUIRED') throw error;
      const runs = (await this.training.listRuns()).filter((r) => r.status !== 'archived');
      res.render('organiser/choose-run', { title: '选择培训班', runs: runs.map((r) => ({ id: r.id, title: r.title })) });
    }
  }

  /** Issues a new personal link, mails it, and shows it once. */
  @Post('participants/:id/link')
  @HttpCode(200)
  @AllowCoordinators()
  async link(@Param('id', ParseIdPipe) id: number, @Body() form: Record<string, unknown>, @Req() req: SignedIn, @Res() res: Response) {
    await this.scope.participant(req.organiser, id);
    const run = await this.training.resolveRun(idOf(form?.runId));
    const link = await this.links.reissue(run.id, id);
    res.render('organiser/link', { title: '个人报名链接', link, participant: await this.views.participantName(id) });
  }

  /** Revokes a participant's personal link at once. */
  @Post('participants/:id/link/revoke')
  @AllowCoordinators()
  async revokeLink(@Param('id', ParseIdPipe) id: number, @Req() req: SignedIn, @Res() res: Response) {
    await this.scope.participant(req.organiser, id);
    await this.links.revoke(id);
    res.redirect(303, '/admin/participants?notice=revoked');
  }

  @Post('participants/:id/registration')
  @AllowCoordinators()
  async registerFor(@Param('id', ParseIdPipe) id: number, @Body() form: Record<string, unknown>, @Req() req: SignedIn, @Res() res: Response) {
    await this.scope.participant(req.organiser, id);
    // Ranked choices (choice1..3; `sessionId` alone still means one choice); duplicates are refused by the rules.
    const preferences = [form?.choice1 ?? form?.sessionId, form?.choice2, form?.choice3].filter((v) => v !== undefined && v !== '').map(toId);
    if (preferences.length === 0) throw new DomainError('VALIDATION_FAILED', '请选择期次。');
    const run = await this.training.session(preferences[0]).then((s) => this.training.run(s.runId));
    const byLabel = req.organiser.role === 'organiser' ? `市局组织者${req.organiser.displayName === '市局组织者' ? '' : ` ${req.organiser.displayName}`}` : `区协调员 ${req.organiser.displayName}`;
    await this.registrations.register({ participantId: id, runId: run.id, preferences, actor: 'organiser', onBehalf: { byLabel } });
    res.redirect(303, `/admin/participants?notice=registered&for=${id}&run=${run.id}`);
  }

  @Post('registrations/:id/move')
  @AllowCoordinators()
  async move(@Param('id', ParseIdPipe) id: number, @Body('sessionId') sessionId: string, @Req() req: SignedIn, @Res() res: Response) {
    await this.scope.registration(req.organiser, id);
    await this.registrations.moveByOrganiser(id, toId(sessionId));
    res.redirect(303, '/admin/participants?notice=moved');
  }

  @Post('registrations/:id/cancel')
  @AllowCoordinators()
  async cancel(@Param('id', ParseIdPipe) id: number, @Req() req: SignedIn, @Res() res: Response) {
    await this.scope.registration(req.organiser, id);
    await this.registrations.cancelByOrganiser(id);
    res.redirect(303, '/admin/participants?notice=cancelled');
  }

  @Get('sessions/:id/edit')
  async editSession(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    res.render('organiser/session-edit', await this.views.sessionForm(id));
  }

  /**
   * Before a session change is saved (issue 12): what changes, who is affected and every mail
   * that will go out; the page carries the form on to the save button.
   */
  @Post('sessions/:id/preview')
  @HttpCode(200)
  async previewSession(@Param('id', ParseIdPipe) id: number, @Body() form: Record<string, unknown>, @Res() res: Response) {
    const { patch, errors } = this.views.readSessionForm(form);
    if (errors) return res.status(422).render('organiser/session-edit', await this.views.sessionForm(id, form, errors));
    const { venueId, override } = readScheduleFields(form);
    try {
      const preview = await this.sessions.previewUpdate(id, { ...patch, ...(venueId === undefined ? {} : { venueId }) }, override);
      res.render('organiser/session-preview', await this.views.sessionPreview(id, form, preview));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const conflict = error.code === 'SCHEDULE_CONFLICT' ? (error.details as { overridable: boolean }) : undefined;
      res.status(error.status).render('organiser/session-edit', { ...(await this.views.sessionForm(id, form, {}, error.message)), conflict });
    }
  }

  @Post('sessions/:id')
  async saveSession(@Param('id', ParseIdPipe) id: number, @Body() form: Record<string, unknown>, @Res() res: Response) {
    const { patch, errors } = this.views.readSessionForm(form);
    if (errors) return res.status(422).render('organiser/session-edit', await this.views.sessionForm(id, form, errors));
    const { venueId, override } = readScheduleFields(form);
    let saved;
    try {
      saved = await this.sessions.update(id, { ...patch, ...(venueId === undefined ? {} : { venueId }) }, override);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const conflict = error.code === 'SCHEDULE_CONFLICT' ? (error.details as { overridable: boolean }) : undefined;
      return res.status(error.status).render('organiser/session-edit', { ...(await this.views.sessionForm(id, form, {}, error.message)), conflict });
    }
    res.redirect(303, `/admin?notice=saved&run=${saved.runId}`);
  }

  /** Confirmation page before a session is cancelled (a second page; no JavaScript dialog). */
  @Get('sessions/:id/cancel')
  async confirmCancelSession(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const preview = await this.sessions.previewCancellation(id);
    res.render('invitations/session-cancel', { title: `取消 ${preview.sessionTitle}`, id, ...preview, people: (await this.massMail.sessionPeople(id)).people });
  }

  @Post('sessions/:id/cancel')
  async cancelSession(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.sessions.cancelSession(id);
    const batch = await this.batches.latest('session-cancel', id);
    res.redirect(303, `/admin?notice=session-cancelled${batch ? `&run=${batch.runId}&batch=${batch.id}` : ''}`);
  }

  @Get('import')
  importPage(@Res() res: Response) {
    res.render('organiser/import', { title: '导入参训人员名单' });
  }

  @Get('import/template.xlsx')
  async template(@Res() res: Response) {
    res.attachment('参训人员名单模板.xlsx').type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.send(await buildRosterTemplate());
  }

  @Post('import')
  @HttpCode(200)
  @CsrfTokenInQuery()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 5 * 1024 * 1024, files: 1 } }))
  async import(@UploadedFile() file: Express.Multer.File | undefined, @Res() res: Response) {
    if (!file) return res.status(400).render('organiser/import', { title: '导入参训人员名单', error: '请选择要上传的 CSV 或 Excel 文件。' });
    try {
      const result = await this.roster.import({ buffer: file.buffer, filename: file.originalname });
      res.render('organiser/import', { title: '导入参训人员名单', result });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('organiser/import', { title: '导入参训人员名单', error: error.message, rowErrors: error.details });
    }
  }

  @Get('outbox')
  async outbox(@Query() query: Record<string, string | undefined>, @Res() res: Response) {
    res.render('organiser/outbox', { ...(await this.views.outbox(query)), scheduledReminders: await this.reminders.scheduled() });
  }

  /** What registering `participantId` on their behalf led to; nothing for someone out of the account's scope. */
  private async registeredNotice(account: Organiser, participantId: string | undefined, runId: number | undefined): Promise<string | null> {
    if (!participantId || !/^\d{1,9}$/.test(participantId)) return null;
    try {
      await this.scope.participant(account, Number(participantId));
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
    return this.views.registeredNotice(Number(participantId), runId);
  }
}

function toId(value: unknown): number {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) throw new DomainError('VALIDATION_FAILED', '请选择期次。');
  return Number(value);
}

/** A run id from `?run=` or a form's `runId`; undefined when absent or malformed. */
function idOf(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/** The session form's venue choice and override confirmation (issue 12). */
function readScheduleFields(form: Record<string, unknown>) {
  const venueId = typeof form.venueId === 'string' && /^\d{1,9}$/.test(form.venueId) ? Number(form.venueId) : form.venueId === '' ? null : undefined;
  const override = { confirmed: form.override === 'yes', reason: typeof form.overrideReason === 'string' ? form.overrideReason.trim() : undefined };
  return { venueId, override };
}
