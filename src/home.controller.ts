import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { formatShanghai } from './common/shanghai-time';
import { OrganisationService } from './organisation/organisation.service';
import { POST_KIND_LABELS } from './organisation/post.entity';
import { readAudience } from './training/run-audience';
import { TrainingRun } from './training/training-run.entity';
import { summariseSession, TrainingService } from './training/training.service';

/**
 * The public home page: the runs open for registration (issue 12: several at once), each with
 * its sessions; before any is open, the runs being prepared (marked 报名尚未开放).
 */
@Controller()
export class HomeController {
  constructor(
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
  ) {}

  @Get()
  async home(@Res() res: Response) {
    const open = (await this.training.publishedRuns()).filter((r) => r.status === 'open');
    const shown = open.length ? open : await this.drafts();
    const districts = new Map((await this.organisation.listDistricts()).map((d) => [d.id, d.name]));
    res.render('home', {
      title: shown.length === 1 ? shown[0].title : '培训报名',
      runs: shown.map((run) => {
        const audience = readAudience(run);
        return {
          title: run.title,
          division: run.division,
          topics: run.topics.split('\n').join('、'),
          deadline: formatShanghai(run.registrationDeadline),
          open: run.status === 'open',
          audience: audience.participantIds.length ? `名单内 ${audience.participantIds.length} 人` : `${audience.districtIds.length ? audience.districtIds.map((id) => districts.get(id)).join('、') : '全市'}${audience.posts.map((p) => POST_KIND_LABELS[p]).join('、')}`,
          sessions: run.sessions.map((s) => {
            const summary = summariseSession(s);
            return { ...summary, dates: summary.days.map((d) => formatShanghai(new Date(d.start), false)).join('、') };
          }),
        };
      }),
      roster: await this.organisation.rosterCounts(),
    });
  }

  private async drafts(): Promise<TrainingRun[]> {
    const drafts = (await this.training.listRuns()).filter((r) => r.status === 'draft');
    return Promise.all(drafts.map((r) => this.training.run(r.id)));
  }
}
