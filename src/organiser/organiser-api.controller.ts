import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import type { Organiser } from '../auth/auth.service';
import { AllowCoordinators, OrganiserGuard } from '../auth/organiser.guard';
import { parseShanghaiDateTime } from '../common/shanghai-time';
import { MoveRegistrationDto } from '../registrations/dto/create-registration.dto';
import { RegistrationsService } from '../registrations/registrations.service';
import { SessionChangesService } from '../registrations/session-changes.service';
import { UpdateSessionDto } from '../training/dto/update-session.dto';
import { summariseSession } from '../training/training.service';
import { DistrictScopeService } from './district-scope.service';
import { RunOverviewService } from './run-overview.service';

type SignedIn = Request & { organiser: Organiser };

/**
 * The organiser's JSON API (same login cookie as the pages). Coordinators may move and cancel
 * registrations of their own district, as on the pages; another district's registration answers
 * 404 exactly like one that does not exist (never 403, which would reveal that it exists).
 */
@Controller('api/admin')
@UseGuards(OrganiserGuard)
export class OrganiserApiController {
  constructor(
    private readonly overviews: RunOverviewService,
    private readonly sessions: SessionChangesService,
    private readonly registrations: RegistrationsService,
    private readonly scope: DistrictScopeService,
  ) {}

  @Get('runs/:runId/overview')
  overview(@Param('runId', ParseIntPipe) runId: number) {
    return this.overviews.overview(runId);
  }

  /** Changes a session; `startsAt` without an offset is Asia/Shanghai (case C11). */
  @Patch('sessions/:id')
  async updateSession(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateSessionDto) {
    const { startsAt, override, overrideReason, ...patch } = dto;
    return summariseSession(await this.sessions.update(id, { ...patch, startsAt: startsAt ? parseShanghaiDateTime(startsAt)! : undefined }, { confirmed: override === true, reason: overrideReason }));
  }

  /** What the same PATCH would change and every mail it would queue; nothing is saved (issue 12). */
  @Post('sessions/:id/preview')
  @HttpCode(200)
  previewSession(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateSessionDto) {
    const { startsAt, override, overrideReason, ...patch } = dto;
    return this.sessions.previewUpdate(id, { ...patch, startsAt: startsAt ? parseShanghaiDateTime(startsAt)! : undefined }, { confirmed: override === true, reason: overrideReason });
  }

  @Post('registrations/:id/move')
  @AllowCoordinators()
  async move(@Param('id', ParseIntPipe) id: number, @Body() dto: MoveRegistrationDto, @Req() req: SignedIn) {
    await this.scope.registration(req.organiser, id);
    return this.registrations.moveByOrganiser(id, dto.sessionId);
  }

  @Post('registrations/:id/cancel')
  @AllowCoordinators()
  async cancel(@Param('id', ParseIntPipe) id: number, @Req() req: SignedIn) {
    await this.scope.registration(req.organiser, id);
    await this.registrations.cancelByOrganiser(id);
    return { cancelled: id };
  }
}
