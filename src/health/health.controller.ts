import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { InjectWriter } from '../database/writer';
import { DispatcherService } from '../invitations/dispatcher.service';
import { OutboxService } from '../invitations/outbox.service';

/** The oldest due message may wait this long (seconds) before the outbox counts as stuck. */
export const OUTBOX_STUCK_AFTER_SECONDS = 15 * 60;

/**
 * `GET /health` (issue 10, item 9; @nestjs/terminus): 200 when the database answers, the outbox
 * is moving and this instance's dispatcher is alive; 503 otherwise, with each check's details
 * (counts and ages only, no personal data). For load balancers and monitoring; public.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectWriter() private readonly writer: DataSource,
    private readonly outbox: OutboxService,
    private readonly dispatcher: DispatcherService,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database', { connection: this.writer, timeout: 5000 }),
      async () => {
        const [counts, oldestDueSeconds] = await Promise.all([this.outbox.counts(), this.outbox.oldestDueSeconds()]);
        const data = { pending: counts.pending, sending: counts.sending, failed: counts.failed, oldestDueSeconds };
        const session = this.indicators.check('outbox');
        return oldestDueSeconds !== null && oldestDueSeconds > OUTBOX_STUCK_AFTER_SECONDS ? session.down(data) : session.up(data);
      },
      () => {
        const { alive, ...data } = this.dispatcher.liveness();
        const session = this.indicators.check('dispatcher');
        return alive ? session.up(data) : session.down(data);
      },
    ]);
  }
}
