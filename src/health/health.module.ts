import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { InvitationsModule } from '../invitations/invitations.module';
import { HealthController } from './health.controller';

/** `/health` for operations (issue 10, item 9). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), InvitationsModule],
  controllers: [HealthController],
})
export class HealthModule {}
