import { Controller, Get, Param, Query } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { parseShanghaiDateTime } from '../common/shanghai-time';
import { ListSessionsQuery } from './dto/update-session.dto';
import { summariseSession, TrainingService } from './training.service';

/** Public JSON reads of runs and sessions: published runs only (open or closed); a draft or archived run answers 404. */
@Controller('api/runs')
export class TrainingController {
  constructor(private readonly training: TrainingService) {}

  @Get()
  async list() {
    const runs = (await this.training.publishedRuns()).reverse();
    return runs.map((r) => ({ id: r.id, title: r.title, status: r.status, registrationDeadline: r.registrationDeadline.toISOString() }));
  }

  @Get(':runId')
  async show(@Param('runId', ParseIdPipe) runId: number) {
    const run = await this.training.publishedRun(runId);
    return {
      id: run.id,
      title: run.title,
      topics: run.topics.split('\n'),
      status: run.status,
      registrationDeadline: run.registrationDeadline.toISOString(),
      sessions: run.sessions.map(summariseSession),
    };
  }

  /** Sessions of a run; `startsAfter` filters by the first day's start (case C11). */
  @Get(':runId/sessions')
  async sessions(@Param('runId', ParseIdPipe) runId: number, @Query() query: ListSessionsQuery) {
    const after = query.startsAfter ? parseShanghaiDateTime(query.startsAfter)! : null;
    const run = await this.training.publishedRun(runId);
    return run.sessions
      .map(summariseSession)
      .filter((s) => !after || new Date(s.days[0].start) > after)
      .filter((s) => !query.status || s.status === query.status);
  }
}
