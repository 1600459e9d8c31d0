import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { Organiser } from '../auth/auth.service';
import { scopeToDistrict } from '../auth/district-query';
import { AllowCoordinators, CsrfTokenInQuery, OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { ActorName } from './actor-name.decorator';
import { StaffImportService } from './staff-import.service';
import { buildStaffWorkbook } from './staff-register/staff-workbook';
import { StaffService } from './staff.service';
import { StaffingListViewsService, StaffListQuery, staffListFilter } from './staffing-list-views.service';
import { readJustifications, readProposal, text } from './staffing-forms';
import { submittedValues, violationView } from './staffing-view-models';
import { refusalOf, StaffingViewsService } from './staffing-views.service';
import { FORM_MESSAGES, HANDOVER_MESSAGES } from './staffing-messages';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NOTICES: Record<string, string> = { saved: '已保存。', created: '已登记。' };

/** The staffing dashboard and the staff register pages (zh-CN, server-rendered, usable without JavaScript). */
@Controller('admin/staffing')
@UseGuards(OrganiserGuard)
export class StaffPagesController {
  constructor(
    private readonly views: StaffingViewsService,
    private readonly staff: StaffService,
    private readonly imports: StaffImportService,
    private readonly lists: StaffingListViewsService,
  ) {}

  /** GET /admin/staffing: links, and the training hand-over notices. */
  @Get()
  async dashboard(@Query('notice') notice: string | undefined, @Res() res: Response) {
    res.render('staffing/index', await this.views.dashboard(notice && NOTICES[notice]));
  }

  /** GET /admin/staffing/staff?district=&office=&position=&q=&sort=&page=: one page of the register. */
  @Get('staff')
  @AllowCoordinators()
  async list(@Query() query: StaffListQuery, @Req() req: Request & { organiser: Organiser }, @Res() res: Response) {
    res.render('staffing/staff-list', await this.lists.staffList(scopeToDistrict(req.organiser, query)));
  }

  /** GET /admin/staffing/staff/new: the empty register form. */
  @Get('staff/new')
  async newForm(@Res() res: Response) {
    res.render('staffing/staff-form', await this.views.staffForm());
  }

  /** GET /admin/staffing/staff/export.xlsx?district=&office=&position=&q=: the filtered register as Excel (import format). */
  @Get('staff/export.xlsx')
  @AllowCoordinators()
  async export(@Query() raw: StaffListQuery, @Req() req: Request & { organiser: Organiser }, @Res() res: Response) {
    res.attachment('司法所人员配备.xlsx').type(XLSX).send(await this.staff.exportWorkbook(staffListFilter(scopeToDistrict(req.organiser, raw))));
  }

  /** POST /admin/staffing/staff: saves a new record, or re-renders with every violation (422). */
  @HttpCode(200)
  @Post('staff')
  async create(@Body() body: Record<string, unknown>, @ActorName() actor: string, @Res() res: Response) {
    return this.save(undefined, body, actor, res);
  }

  /** GET /admin/staffing/staff/:id: the record, its assignments and history. */
  @Get('staff/:id')
  async edit(@Param('id', ParseIdPipe) id: number, @Query('notice') notice: string | undefined, @Res() res: Response) {
    res.render('staffing/staff-form', await this.views.staffForm(id, { notice: notice && NOTICES[notice] }));
  }

  /** POST /admin/staffing/staff/:id: saves changes, or re-renders with every violation (422). */
  @HttpCode(200)
  @Post('staff/:id')
  async update(@Param('id', ParseIdPipe) id: number, @Body() body: Record<string, unknown>, @ActorName() actor: string, @Res() res: Response) {
    return this.save(id, body, actor, res);
  }

  /** GET /admin/staffing/import: the upload form. */
  @Get('import')
  importPage(@Res() res: Response) {
    res.render('staffing/import', { title: '导入人员配备' });
  }

  /** GET /admin/staffing/import/template.xlsx: the import template. */
  @Get('import/template.xlsx')
  async template(@Res() res: Response) {
    res.attachment('人员配备导入模板.xlsx').type(XLSX).send(await buildStaffWorkbook([]));
  }

  /** POST /admin/staffing/import (multipart `file`): all or nothing; row errors re-rendered (422). */
  @HttpCode(200)
  @Post('import')
  @CsrfTokenInQuery()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 5 * 1024 * 1024, files: 1 } }))
  async import(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: Record<string, unknown>, @ActorName() actor: string, @Res() res: Response) {
    const page = { title: '导入人员配备', fields: submittedValues(body) };
    if (!file) return res.status(422).render('staffing/import', { ...page, error: FORM_MESSAGES.noFile });
    const errors: Record<string, string> = {};
    const proposal = readProposal(body, await this.staff.unitCodes(), errors);
    if (Object.keys(errors).length) return res.status(422).render('staffing/import', { ...page, error: Object.values(errors).join('；') });
    try {
      const result = await this.imports.import({ buffer: file.buffer, filename: file.originalname }, readJustifications(body), actor, text(body, 'reasonOfficeCode'), proposal);
      res.render('staffing/import', { ...page, result, reports: result.reports.map(violationView), handovers: result.handovers.map((h) => HANDOVER_MESSAGES.notice(h.outcome, h.lastError)) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('staffing/import', { ...page, error: error.message, rowErrors: error.details });
    }
  }

  private async save(id: number | undefined, body: Record<string, unknown>, actor: string, res: Response) {
    const form = await this.views.readStaff(body);
    const values = submittedValues(body);
    if (!form.value) return res.status(422).render('staffing/staff-form', await this.views.staffForm(id, { values, errors: form.errors }));
    try {
      const { record, justifications, approval, proposal } = form.value;
      const saved = await this.staff.save(record, { justifications, approval, proposal, actor }, id);
      if (saved.reports.length || saved.handovers.length) {
        const handover = saved.handovers.map((h) => HANDOVER_MESSAGES.notice(h.outcome, h.lastError)).join('；');
        return res.render('staffing/staff-form', await this.views.staffForm(saved.id, { notice: `已保存。${handover}${saved.reports.length ? '请留意以下提示。' : ''}`, reports: saved.reports }));
      }
      res.redirect(303, `/admin/staffing/staff/${saved.id}?notice=${id ? 'saved' : 'created'}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error;
      res.status(error.status).render('staffing/staff-form', await this.views.staffForm(id, { values, refusal: refusalOf(error) }));
    }
  }
}
