import { Global, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { buildDataSourceOptions, describeDatabase } from './database-options';
import { runMigrations } from './migrations-runner';
import { anchorProductClock } from './product-clock.store';
import { ProductClockTimestamps } from './product-clock.subscriber';
import { TransactionRunner } from './transaction-runner';

/**
 * The TypeORM connection, migrations applied and the replay clock anchored before anything else
 * starts, the `TransactionRunner`, and entity timestamps from the product clock.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildDataSourceOptions(config),
    }),
  ],
  providers: [TransactionRunner, ProductClockTimestamps],
  exports: [TransactionRunner],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.dataSource);
    if (applied.length) this.logger.log(`Applied migrations: ${applied.join(', ')} (${describeDatabase(this.config)})`);
    await anchorProductClock(this.dataSource, this.clock, this.config.clockStart);
  }
}
