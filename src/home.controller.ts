import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { formatShanghai } from './common/shanghai-time';
import { OrganisationService } from './organisation/organisation.service';
import { summariseSession, TrainingService } from './training/training.service';

/** The public home page: the run, its sessions and the roster's size. */
@Controller()
export class HomeController {
  constructor(
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
  ) {}

  @Get()
  async home(@Res() res: Response) {
    const run = await this.training.defaultRun();
    res.render('home', {
      title: run.title,
      run: { title: run.title, topics: run.topics.split('\n').join('、'), deadline: formatShanghai(run.registrationDeadline), open: run.status === 'open' },
      sessions: run.sessions.map((s) => {
        const summary = summariseSession(s);
        return { ...summary, dates: summary.days.map((d) => formatShanghai(new Date(d.start), false)).join('、') };
      }),
      roster: await this.organisation.rosterCounts(),
    });
  }
}
