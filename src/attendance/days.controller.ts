import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Organiser } from '../auth/auth.service';
import { AllowCoordinators, OrganiserGuard } from '../auth/organiser.guard';
import { TrainingService } from '../training/training.service';
import { daysOf } from './session-days';

/**
 * The training days' hub (issue 11): per run, the pages of the days — sign-in, leave, reminders,
 * group messages, rosters and sign-in sheets, completion. Coordinators see what they may use.
 */
@Controller('admin/days')
@UseGuards(OrganiserGuard)
@AllowCoordinators()
export class DaysController {
  constructor(private readonly training: TrainingService) {}

  @Get()
  async page(@Req() req: Request & { organiser: Organiser }, @Res() res: Response) {
    const runs = [];
    for (const { id } of await this.training.listRuns()) {
      const run = await this.training.run(id);
      runs.push({
        id: run.id,
        title: run.title,
        sessions: run.sessions.filter((s) => s.status === 'scheduled').map((s) => ({ id: s.id, title: s.title, days: daysOf(s).map((d) => ({ date: d.date, label: `第 ${d.index} 天` })) })),
      });
    }
    res.render('attendance/days', { title: '培训日', runs, isOrganiser: req.organiser.role === 'organiser' });
  }
}
