import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { getDataSourceToken, InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { handlersFinished } from '../common/in-flight';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { applySqlitePragmas, buildDataSourceOptions, describeDatabase, hasSeparateWriter } from './database-options';
import { runMigrations } from './migrations-runner';
import { anchorProductClock } from './product-clock.store';
import { ProductClockTimestamps } from './product-clock.subscriber';
import { TransactionRunner } from './transaction-runner';
import { InstanceLock } from './instance-lock';
import { InjectWriter, READ_CONNECTIONS, READ_POOL, WRITER_DATA_SOURCE } from './writer';

/** The instance lock taken with each writer, released when it closes. */
const locks = new WeakMap<DataSource, InstanceLock>();

/**
 * The database: the default DataSource serves reads; `WRITER_DATA_SOURCE` writes (its own SQLite
 * connection on a file, so no read sees an open transaction — issue 10, item 1). Migrations are
 * applied and the replay clock anchored before anything else starts; the `TransactionRunner`;
 * entity timestamps from the product clock.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildDataSourceOptions(config),
    }),
  ],
  providers: [
    {
      provide: WRITER_DATA_SOURCE,
      inject: [getDataSourceToken()],
      useFactory: async (reader: DataSource) => {
        if (!hasSeparateWriter(reader.options)) return reader;
        const lock = await InstanceLock.acquire(String(reader.options.database));
        const writer = await new DataSource({ ...reader.options, name: 'writer' } as typeof reader.options).initialize();
        locks.set(writer, lock);
        await applySqlitePragmas(writer, 'writer');
        return writer;
      },
    },
    {
      provide: READ_POOL,
      inject: [getDataSourceToken()],
      useFactory: async (reader: DataSource) => {
        if (!hasSeparateWriter(reader.options)) return [reader];
        const more = await Promise.all(
          Array.from({ length: READ_CONNECTIONS - 1 }, async (_, i) => {
            const extra = await new DataSource({ ...reader.options, name: `reader-${i + 2}` } as typeof reader.options).initialize();
            await applySqlitePragmas(extra, 'reader');
            return extra;
          }),
        );
        return [reader, ...more];
      },
    },
    TransactionRunner,
    ProductClockTimestamps,
  ],
  exports: [TransactionRunner, WRITER_DATA_SOURCE],
})
export class DatabaseModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(
    @InjectDataSource() private readonly reader: DataSource,
    @InjectWriter() private readonly writer: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(READ_POOL) private readonly readPool: DataSource[],
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.writer);
    if (applied.length) this.logger.log(`Applied migrations: ${applied.join(', ')} (${describeDatabase(this.config)})`);
    await anchorProductClock(this.writer, this.clock, this.config.clockStart);
    if (this.writer !== this.reader) await applySqlitePragmas(this.reader, 'reader');
  }

  /** Closes the writer (TypeORM closes the default DataSource); the WAL is checkpointed first. */
  async onApplicationShutdown(): Promise<void> {
    await handlersFinished();
    for (const extra of this.readPool) if (extra !== this.reader && extra.isInitialized) await extra.destroy();
    if (this.writer === this.reader || !this.writer.isInitialized) return;
    await this.writer.query('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    await this.writer.destroy();
    await locks.get(this.writer)?.release();
  }
}
