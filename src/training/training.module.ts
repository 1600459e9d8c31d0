import { Module } from '@nestjs/common';
import { TrainingController } from './training.controller';
import { TrainingService } from './training.service';

/** Training runs and their sessions. */
@Module({ controllers: [TrainingController], providers: [TrainingService], exports: [TrainingService] })
export class TrainingModule {}
