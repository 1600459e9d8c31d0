import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RemindersService } from './reminders.service';

/**
 * Looks for due reminders every `REMINDER_INTERVAL_MS` (@nestjs/schedule; 0 = off, tests call
 * `RemindersService.runDue`). A look never overlaps the previous one in this process; other
 * instances are kept from sending twice by the delivery table's unique key.
 */
@Injectable()
export class RemindersScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersScheduler.name);
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly reminders: RemindersService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.mail.reminderIntervalMs;
    if (every > 0) this.registry.addInterval('reminders', setInterval(() => void this.tick(), every));
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.reminders.runDue();
    } catch (error) {
      this.logger.error(`Reminder run failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
