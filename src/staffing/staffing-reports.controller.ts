import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Organiser } from '../auth/auth.service';
import { assertOwnDistrict, scopeToDistrict } from '../auth/district-query';
import { AllowCoordinators, OrganiserGuard } from '../auth/organiser.guard';
import { OrganisationService } from '../organisation/organisation.service';

type SignedIn = Request & { organiser: Organiser };
import { DomainError } from '../common/domain-error';
import { ActorName } from './actor-name.decorator';
import { refusalOf } from './staffing-views.service';
import { AssignmentViewsService } from './assignment-views.service';
import { readProfileForm } from './staffing-forms';
import { StaffingReportsService } from './staffing-reports.service';
import { submittedValues } from './staffing-view-models';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Staffing reports per district and for the city (pages and Excel), and the office pages (timeline, population/area). */
@Controller('admin/staffing')
@UseGuards(OrganiserGuard)
export class StaffingReportsController {
  constructor(
    private readonly views: AssignmentViewsService,
    private readonly reports: StaffingReportsService,
    private readonly organisation: OrganisationService,
  ) {}

  /** Query: district (id; empty = city), date, from, to (Shanghai dates). */
  @Get('reports')
  @AllowCoordinators()
  async page(@Query() query: Record<string, string>, @Req() req: SignedIn, @Res() res: Response) {
    res.render('staffing/reports', await this.views.reportPage(scopeToDistrict(req.organiser, query)));
  }

  /** GET /admin/staffing/reports.xlsx: the same reports as Excel. */
  @Get('reports.xlsx')
  @AllowCoordinators()
  async workbook(@Query() query: Record<string, string>, @Req() req: SignedIn, @Res() res: Response) {
    const scope = this.views.reportScope(scopeToDistrict(req.organiser, query));
    res.attachment(`司法所人员配备统计-${scope.date}.xlsx`).type(XLSX).send(await this.reports.reportWorkbook(scope));
  }

  /** GET /admin/staffing/offices/:id: figures, population/area form and timeline. */
  @Get('offices/:id')
  @AllowCoordinators()
  async office(@Param('id', ParseIntPipe) id: number, @Req() req: SignedIn, @Res() res: Response) {
    assertOwnDistrict(req.organiser, await this.organisation.officeDistrict(id), `司法所${id}`);
    res.render('staffing/office', await this.views.officePage(id));
  }

  /** GET /admin/staffing/offices/:id/timeline.xlsx: the timeline as Excel. */
  @Get('offices/:id/timeline.xlsx')
  @AllowCoordinators()
  async timeline(@Param('id', ParseIntPipe) id: number, @Req() req: SignedIn, @Res() res: Response) {
    assertOwnDistrict(req.organiser, await this.organisation.officeDistrict(id), `司法所${id}`);
    const { filename, buffer } = await this.reports.timelineWorkbook(id);
    res.attachment(filename).type(XLSX).send(buffer);
  }

  /** Task 12: population, area and approved posts of the office (and the approval of posts above 4). */
  @HttpCode(200)
  @Post('offices/:id/profile')
  async profile(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @ActorName() actor: string, @Res() res: Response) {
    const form = readProfileForm(body);
    if (!form.value) return res.status(422).render('staffing/office', await this.views.officePage(id, submittedValues(body), form.errors));
    try {
      const reports = await this.reports.setOfficeProfile(id, form.value, actor);
      res.render('staffing/office', await this.views.officePage(id, undefined, {}, '已保存。', { reports }));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error;
      res.status(error.status).render('staffing/office', await this.views.officePage(id, submittedValues(body), {}, undefined, refusalOf(error)));
    }
  }
}
