import { TokenFailuresInterceptor } from '../auth/token-failures.interceptor';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { OrganisationService } from '../organisation/organisation.service';
import { ChangeRegistrationDto, CreateRegistrationDto } from './dto/create-registration.dto';
import { OwnRegistrationReader } from './own-registration.reader';
import { BearerToken } from './participant-token';
import { RegistrationsService } from './registrations.service';

/** A participant's own registration in a run, authorised by their personal-link token. */
@Controller('api/runs/:runId/registration')
@UseInterceptors(TokenFailuresInterceptor)
export class RegistrationsApiController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly organisation: OrganisationService,
    private readonly ownRegistration: OwnRegistrationReader,
  ) {}

  @Get()
  async show(@Param('runId', ParseIdPipe) runId: number, @BearerToken() token: string) {
    const { participant, registration } = await this.ownRegistration.read(token, runId);
    return { participant: publicProfile(participant), registration };
  }

  @Post()
  async create(@Param('runId', ParseIdPipe) runId: number, @BearerToken() token: string, @Body() dto: CreateRegistrationDto) {
    const participant = await this.organisation.participantByToken(token);
    return this.registrations.register({
      participantId: participant.id,
      runId,
      preferences: dto.preferredSessionIds,
      unavailable: dto.unavailableSessionIds,
      actor: 'participant',
      contact: dto.participant,
    });
  }

  @Put()
  async change(@Param('runId', ParseIdPipe) runId: number, @BearerToken() token: string, @Body() dto: ChangeRegistrationDto) {
    const participant = await this.organisation.participantByToken(token);
    return this.registrations.change({ participantId: participant.id, runId, preferences: dto.preferredSessionIds, unavailable: dto.unavailableSessionIds, actor: 'participant' });
  }

  @Delete()
  @HttpCode(204)
  async cancel(@Param('runId', ParseIdPipe) runId: number, @BearerToken() token: string) {
    const participant = await this.organisation.participantByToken(token);
    await this.registrations.cancel(participant.id, runId, 'participant');
  }
}

function publicProfile(p: { name: string; postLabel: string; unitLabel: string; districtName: string; email: string }) {
  return { name: p.name, post: p.postLabel, unit: p.unitLabel, district: p.districtName, email: p.email };
}
