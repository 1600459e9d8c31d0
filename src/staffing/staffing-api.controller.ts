import { Body, Controller, Get, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { optionalId } from '../common/parse-id.pipe';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { ActorName } from './actor-name.decorator';
import { AssignmentsService } from './assignments.service';
import { AssignmentViewsService } from './assignment-views.service';
import { STAFF_COLUMNS } from './staff-register/staff-columns';
import { FormResult, readPatchForm, readJustifications, readProposal } from './staffing-forms';
import { StaffService } from './staff.service';
import { StaffingReportsService } from './staffing-reports.service';
import { staffLine } from './staffing-view-models';
import { StaffingViewsService } from './staffing-views.service';
import { FORM_MESSAGES as F } from './staffing-messages';

const REASONS = ['headcountReason', 'qualificationJustification'];
const APPROVAL = ['approvalAuthority', 'approvalDistrictCode', 'approvalDocumentNumber', 'approvalDate', 'proposalDistrictCode', 'proposalDate'];
const STAFF_BODY = new Set<string>([...STAFF_COLUMNS, ...REASONS, ...APPROVAL]);
const ASSIGNMENT_BODY = new Set<string>([
  'kind', 'staffNumber', 'officeCodes', 'direction', 'moveKind', 'counterpartKind', 'counterpartName', 'incomingPosition', 'startDate', 'endDate', 'status',
  'successorStaffNumber', 'note', ...REASONS, ...APPROVAL,
]);
const PATCH_BODY = new Set<string>(['status', 'startDate', 'endDate', ...REASONS]);

/**
 * The value of a read body, or STAFFING_INPUT_INVALID (422) with the field errors; fields the
 * request may not carry are refused too (like the global ValidationPipe's forbidNonWhitelisted).
 */
function valid<T>(body: Record<string, unknown>, allowed: Set<string>, form: FormResult<T>): T {
  const errors = { ...form.errors };
  for (const key of Object.keys(body)) if (!allowed.has(key)) errors[key] = F.fieldNotAllowed(key);
  if (!form.value || Object.keys(errors).length) throw new DomainError('STAFFING_INPUT_INVALID', F.requestInvalid, errors);
  return form.value;
}

/**
 * The staffing JSON API (same fields as the forms). A change that breaks rules answers 422
 * STAFFING_RULES_VIOLATED with `details.violations` (every blocking rule) and `details.reports`.
 */
@Controller('api/admin/staffing')
@UseGuards(OrganiserGuard)
export class StaffingApiController {
  constructor(
    private readonly staff: StaffService,
    private readonly staffViews: StaffingViewsService,
    private readonly views: AssignmentViewsService,
    private readonly assignments: AssignmentsService,
    private readonly reports: StaffingReportsService,
  ) {}

  /** GET: the register (query district, q). */
  @Get('staff')
  async list(@Query() query: { district?: string; q?: string }) {
    return (await this.staff.list({ districtId: optionalId(query.district), q: query.q || undefined })).map(staffLine);
  }

  /** POST: a new register record; 422 with violations or field errors. */
  @Post('staff')
  async create(@Body() body: Record<string, unknown>, @ActorName() actor: string) {
    const { record, justifications, approval, proposal } = valid(body, STAFF_BODY, await this.staffViews.readStaff(body));
    return this.staff.save(record, { justifications, approval, proposal, actor });
  }

  /** PUT: changes a register record. */
  @Put('staff/:id')
  async update(@Param('id', ParseIdPipe) id: number, @Body() body: Record<string, unknown>, @ActorName() actor: string) {
    const { record, justifications, approval, proposal } = valid(body, STAFF_BODY, await this.staffViews.readStaff(body));
    return this.staff.save(record, { justifications, approval, proposal, actor }, id);
  }

  /** POST: a new assignment (liaison: several officeCodes). */
  @Post('assignments')
  async createAssignment(@Body() body: Record<string, unknown>, @ActorName() actor: string) {
    const { input, justifications } = valid(body, ASSIGNMENT_BODY, await this.views.readAssignment(body));
    return this.assignments.create(input, justifications, actor);
  }

  /** PATCH: status and/or dates of an assignment. */
  @Patch('assignments/:id')
  async change(@Param('id', ParseIdPipe) id: number, @Body() body: Record<string, unknown>, @ActorName() actor: string) {
    const { patch, justifications } = valid(body, PATCH_BODY, readPatchForm(body));
    return this.assignments.update(id, patch, justifications, actor);
  }

  /** POST: names the incoming director of a director's rotation out (body successorStaffNumber). */
  @Post('assignments/:id/successor')
  async successor(@Param('id', ParseIdPipe) id: number, @Body() body: Record<string, unknown>, @ActorName() actor: string) {
    // A missing assignment is 404 whatever the body says (not a complaint about the successor).
    await this.views.requireAssignment(id);
    const successorId = await this.views.staffIdOf(String(body.successorStaffNumber ?? ''));
    if (successorId === undefined) throw new DomainError('STAFFING_INPUT_INVALID', '接任所长的人员编号不在人员配备登记中。', { successorStaffNumber: '人员编号不存在' });
    const errors: Record<string, string> = {};
    const proposal = readProposal(body, (await this.staffViews.units()).codes, errors);
    if (Object.keys(errors).length) throw new DomainError('STAFFING_INPUT_INVALID', F.requestInvalid, errors);
    return this.assignments.setSuccessor(id, successorId, readJustifications(body), actor, proposal);
  }

  /** Query: district (id; empty = city), date, from, to. */
  @Get('reports')
  report(@Query() query: Record<string, string>) {
    return this.reports.report(this.views.reportScope(query));
  }
}
