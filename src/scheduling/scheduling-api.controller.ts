import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PROPOSAL_BODY, RUN_BODY, SESSIONS_BODY, VENUE_BODY } from './scheduling-api.schemas';
import { OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { PersonalLinksService } from '../registrations/personal-links.service';
import { readAudience } from '../training/run-audience';
import { TrainingRun } from '../training/training-run.entity';
import { summariseSession, TrainingService } from '../training/training.service';
import { readRunForm } from './runs/run-input';
import { RunPlanningService } from './runs/run-planning.service';
import { readVenueForm } from './venues/venue-pages.controller';
import { VenuesService } from './venues/venues.service';

type Json = Record<string, unknown>;

/**
 * The scheduling JSON API (issue 12): runs, their sessions and venues, for city organisers
 * (login cookie and `X-CSRF-Token` like the other admin JSON routes). Bodies use the field names
 * of the pages' forms; errors are `{ statusCode, code, message }` with a Chinese message.
 */
@ApiTags('scheduling')
@Controller('api/admin')
@UseGuards(OrganiserGuard)
export class SchedulingApiController {
  constructor(
    private readonly planning: RunPlanningService,
    private readonly training: TrainingService,
    private readonly venues: VenuesService,
    private readonly links: PersonalLinksService,
  ) {}

  @Get('runs')
  @ApiOperation({ summary: '全部培训班（任何状态）' })
  async runs() {
    return Promise.all((await this.training.listRuns()).map(async (r) => describeRun(await this.training.run(r.id))));
  }

  @Post('runs')
  @ApiOperation({ summary: '新建培训班（草稿）' })
  @ApiBody({ schema: RUN_BODY })
  async create(@Body() body: Json) {
    return describeRun(await this.planning.create(readRun(body)).then((r) => this.training.run(r.id)));
  }

  @Get('runs/:runId')
  @ApiOperation({ summary: '一个培训班及其期次' })
  async run(@Param('runId', ParseIdPipe) runId: number) {
    return describeRun(await this.training.run(runId));
  }

  @Put('runs/:runId')
  @ApiOperation({ summary: '修改草稿培训班的设置' })
  @ApiBody({ schema: RUN_BODY })
  async update(@Param('runId', ParseIdPipe) runId: number, @Body() body: Json) {
    return describeRun(await this.planning.update(runId, readRun(body)));
  }

  @Post('runs/:runId/proposal')
  @HttpCode(200)
  @ApiOperation({ summary: '按工作日历建议日期', description: '每期天数取培训班设置；第一期须安排在报名截止之后' })
  @ApiBody({ schema: PROPOSAL_BODY })
  async propose(@Param('runId', ParseIdPipe) runId: number, @Body() body: Json) {
    const run = await this.training.run(runId);
    const ints = (v: unknown) => [v ?? []].flat().map(Number);
    return this.planning.propose(runId, { from: String(body.from ?? ''), to: String(body.to ?? ''), sessions: Number(body.sessions), daysPerSession: run.daysPerSession, minGapDays: Number(body.minGapDays ?? 0), avoidWeekdays: ints(body.avoidWeekdays) });
  }

  @Put('runs/:runId/sessions')
  @ApiOperation({ summary: '设置草稿培训班的期次（替换现有期次）' })
  @ApiBody({ schema: SESSIONS_BODY })
  async plan(@Param('runId', ParseIdPipe) runId: number, @Body() body: Json) {
    if (!Array.isArray(body.sessions)) throw new DomainError('VALIDATION_FAILED', 'sessions 必须是期次数组，如 [{ "firstDay": "2021-05-06" }]。');
    const plan = (body.sessions as Json[]).map((s) => ({ firstDay: String(s?.firstDay ?? ''), ...(typeof s?.venueId === 'number' ? { venueId: s.venueId } : {}) }));
    const sessions = await this.planning.planSessions(runId, plan, { confirmed: body.override === true, reason: typeof body.overrideReason === 'string' ? body.overrideReason : undefined });
    return sessions.map(summariseSession);
  }

  @Post('runs/:runId/open')
  @HttpCode(200)
  @ApiOperation({ summary: '开放报名并发送个人链接' })
  async open(@Param('runId', ParseIdPipe) runId: number) {
    return { linksSent: await this.links.openRegistration(runId) };
  }

  @Post('runs/:runId/close')
  @HttpCode(200)
  @ApiOperation({ summary: '关闭报名' })
  async close(@Param('runId', ParseIdPipe) runId: number) {
    return describeRun(await this.planning.close(runId));
  }

  @Post('runs/:runId/archive')
  @HttpCode(200)
  @ApiOperation({ summary: '归档培训班' })
  async archive(@Param('runId', ParseIdPipe) runId: number) {
    return describeRun(await this.planning.archive(runId));
  }

  @Post('runs/:runId/copy')
  @ApiOperation({ summary: '复制为新的草稿培训班' })
  async copy(@Param('runId', ParseIdPipe) runId: number) {
    return describeRun(await this.planning.copy(runId));
  }

  @Get('venues')
  @ApiOperation({ summary: '场地列表' })
  venueList() {
    return this.venues.list();
  }

  @Post('venues')
  @ApiOperation({ summary: '新增场地' })
  @ApiBody({ schema: VENUE_BODY })
  createVenue(@Body() body: Json) {
    return this.venues.create(readVenueForm(body));
  }

  @Put('venues/:id')
  @ApiOperation({ summary: '修改场地' })
  @ApiBody({ schema: VENUE_BODY })
  updateVenue(@Param('id', ParseIdPipe) id: number, @Body() body: Json) {
    return this.venues.update(id, readVenueForm(body));
  }
}

/** A JSON body read like the run form. @throws DomainError VALIDATION_FAILED with field errors as details. */
function readRun(body: Json) {
  const { input, errors } = readRunForm(body ?? {});
  if (errors) throw new DomainError('VALIDATION_FAILED', Object.values(errors).join(''), errors);
  return input;
}

function describeRun(run: TrainingRun) {
  return {
    id: run.id,
    title: run.title,
    topics: run.topics.split('\n'),
    division: run.division,
    contactName: run.contactName,
    contactPhone: run.contactPhone,
    status: run.status,
    registrationOpensAt: run.registrationOpensAt?.toISOString() ?? null,
    registrationDeadline: run.registrationDeadline.toISOString(),
    plannedSessions: run.plannedSessions,
    daysPerSession: run.daysPerSession,
    dailyStart: run.dailyStart,
    dailyEnd: run.dailyEnd,
    sessionCapacity: run.sessionCapacity,
    defaultVenueId: run.defaultVenueId,
    audience: readAudience(run),
    copiedFromRunId: run.copiedFromRunId,
    sessions: (run.sessions ?? []).map(summariseSession),
  };
}
