import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Response } from 'express';
import { OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { ActorName } from './actor-name.decorator';
import { AssignmentOutcome, AssignmentsService } from './assignments.service';
import { AssignmentViewsService } from './assignment-views.service';
import { readJustifications, readPatchForm, readProposal, text } from './staffing-forms';
import { submittedValues } from './staffing-view-models';
import { PageState, refusalOf, StaffingViewsService } from './staffing-views.service';
import { TrainingHandoverService } from './training-handover.service';
import { FORM_MESSAGES } from './staffing-messages';
import { buildAssignmentListWorkbook } from './reports/assignment-list-workbook';
import { AssignmentListQuery, StaffingListViewsService } from './staffing-list-views.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HANDOVER_STATUS: Record<string, string> = { pending: '处理中', awaiting_successor: '待指定接任所长', done: '已完成', failed: '失败，可在人员配备首页重试' };

/** Pages of placements, liaison, rotations and contact points (tasks 19, 21, 27), and hand-over retries. */
@Controller('admin/staffing')
@UseGuards(OrganiserGuard)
export class AssignmentPagesController {
  constructor(
    private readonly views: AssignmentViewsService,
    private readonly staffViews: StaffingViewsService,
    private readonly assignments: AssignmentsService,
    private readonly handovers: TrainingHandoverService,
    private readonly lists: StaffingListViewsService,
  ) {}

  /** GET /admin/staffing/assignments?kind=&direction=&status=&district=&office=&q=&from=&to=&sort=&page=: one page of the list. */
  @Get('assignments')
  async list(@Query() query: AssignmentListQuery, @Res() res: Response) {
    res.render('staffing/assignment-list', await this.lists.assignmentList(query));
  }

  /** GET /admin/staffing/assignments.xlsx?…: every assignment of the list's filter, as Excel. */
  @Get('assignments.xlsx')
  async export(@Query() query: AssignmentListQuery, @Res() res: Response) {
    res.attachment('锻炼交流联系.xlsx').type(XLSX).send(await buildAssignmentListWorkbook(await this.lists.assignmentExport(query)));
  }

  /** GET /admin/staffing/assignments/new?kind=&staffNumber=&officeCode=: the new-assignment form. */
  @Get('assignments/new')
  async newForm(@Query() query: Record<string, string>, @Res() res: Response) {
    res.render('staffing/assignment-form', await this.views.assignmentForm(query));
  }

  /** POST /admin/staffing/assignments: saves, or re-renders the form with every violation (422). */
  @HttpCode(200)
  @Post('assignments')
  async create(@Body() body: Record<string, unknown>, @ActorName() actor: string, @Res() res: Response) {
    const values = submittedValues(body);
    const form = await this.views.readAssignment(body);
    if (!form.value) return res.status(422).render('staffing/assignment-form', await this.views.assignmentForm(values, form.errors));
    try {
      const outcome = await this.assignments.create(form.value.input, form.value.justifications, actor);
      if (outcome.ids.length > 1) return res.redirect(303, '/admin/staffing?notice=created');
      res.render('staffing/assignment', await this.views.assignment(outcome.ids[0], saved(outcome)));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('staffing/assignment-form', await this.views.assignmentForm(values, {}, refusalOf(error)));
    }
  }

  /** GET /admin/staffing/assignments/:id: the record, its history and the change forms. */
  @Get('assignments/:id')
  async show(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    res.render('staffing/assignment', await this.views.assignment(id));
  }

  /** Status or dates change (one form each on the page). */
  @HttpCode(200)
  @Post('assignments/:id')
  async change(@Param('id', ParseIdPipe) id: number, @Body() body: Record<string, unknown>, @ActorName() actor: string, @Res() res: Response) {
    const form = readPatchForm(body);
    if (!form.value) return res.status(422).render('staffing/assignment', await this.views.assignment(id, { errors: form.errors }));
    await this.attempt(id, res, () => this.assignments.update(id, form.value!.patch, form.value!.justifications, actor));
  }

  /** POST /admin/staffing/assignments/:id/successor: names the incoming director (training hand-over). */
  @HttpCode(200)
  @Post('assignments/:id/successor')
  async successor(@Param('id', ParseIdPipe) id: number, @Body() body: Record<string, unknown>, @ActorName() actor: string, @Res() res: Response) {
    const number = text(body, 'successorStaffNumber').trim();
    const successorId = number ? await this.views.staffIdOf(number) : undefined;
    if (successorId === undefined) {
      const message = number ? FORM_MESSAGES.staffNumberUnknown(number) : FORM_MESSAGES.successorMissing;
      return res.status(422).render('staffing/assignment', await this.views.assignment(id, { errors: { successorStaffNumber: message } }));
    }
    const errors: Record<string, string> = {};
    const proposal = readProposal(body, (await this.staffViews.units()).codes, errors);
    if (Object.keys(errors).length) return res.status(422).render('staffing/assignment', await this.views.assignment(id, { errors }));
    await this.attempt(id, res, () => this.assignments.setSuccessor(id, successorId, readJustifications(body), actor, proposal));
  }

  /** POST /admin/staffing/handovers/:id/retry: resumes a failed or waiting hand-over. */
  @HttpCode(200)
  @Post('handovers/:id/retry')
  async retry(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.handovers.process(id);
    res.render('staffing/index', await this.staffViews.dashboard('已重新处理交接，结果见下表。'));
  }

  private async attempt(id: number, res: Response, work: () => Promise<AssignmentOutcome>) {
    try {
      res.render('staffing/assignment', await this.views.assignment(id, saved(await work())));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error;
      res.status(error.status).render('staffing/assignment', await this.views.assignment(id, { refusal: refusalOf(error) }));
    }
  }
}

function saved(outcome: AssignmentOutcome): PageState {
  const h = outcome.handover;
  return {
    notice: '已保存。',
    reports: outcome.reports,
    handover: h ? { status: HANDOVER_STATUS[h.status], outcome: h.outcome, error: h.lastError } : undefined,
  };
}
