import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { OrganiserGuard } from '../auth/organiser.guard';
import { parseShanghaiDateTime } from '../common/shanghai-time';
import { MoveRegistrationDto } from '../registrations/dto/create-registration.dto';
import { RegistrationsService } from '../registrations/registrations.service';
import { SessionChangesService } from '../registrations/session-changes.service';
import { UpdateSessionDto } from '../training/dto/update-session.dto';
import { summariseSession } from '../training/training.service';
import { RunOverviewService } from './run-overview.service';

/** The organiser's JSON API (same login cookie as the pages). */
@Controller('api/admin')
@UseGuards(OrganiserGuard)
export class OrganiserApiController {
  constructor(
    private readonly overviews: RunOverviewService,
    private readonly sessions: SessionChangesService,
    private readonly registrations: RegistrationsService,
  ) {}

  @Get('runs/:runId/overview')
  overview(@Param('runId', ParseIntPipe) runId: number) {
    return this.overviews.overview(runId);
  }

  /** Changes a session; `startsAt` without an offset is Asia/Shanghai (case C11). */
  @Patch('sessions/:id')
  async updateSession(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateSessionDto) {
    const { startsAt, confirmPlanShape, ...patch } = dto;
    return summariseSession(await this.sessions.update(id, { ...patch, startsAt: startsAt ? parseShanghaiDateTime(startsAt)! : undefined }, confirmPlanShape === true));
  }

  @Post('registrations/:id/move')
  move(@Param('id', ParseIntPipe) id: number, @Body() dto: MoveRegistrationDto) {
    return this.registrations.moveByOrganiser(id, dto.sessionId);
  }

  @Post('registrations/:id/cancel')
  async cancel(@Param('id', ParseIntPipe) id: number) {
    await this.registrations.cancelByOrganiser(id);
    return { cancelled: id };
  }
}
