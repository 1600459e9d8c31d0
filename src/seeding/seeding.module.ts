import { Module } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { SeedService } from './seed.service';

/** Seeds the roster and the April 2021 run at start (idempotent; `SEED_ON_START=false` turns it off). */
@Module({ imports: [SchedulingModule], providers: [SeedService], exports: [SeedService] })
export class SeedingModule {}
