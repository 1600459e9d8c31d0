import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { TrainingService } from '../training/training.service';
import { ReminderRulesService } from './reminder-rules.service';
import { RemindersService } from './reminders.service';

/** The organiser's reminder rules of a run and what they have scheduled (issue 11, item 1). */
@Controller('admin')
@UseGuards(OrganiserGuard)
export class RemindersController {
  constructor(
    private readonly rules: ReminderRulesService,
    private readonly reminders: RemindersService,
    private readonly training: TrainingService,
  ) {}

  @Get('runs/:runId/reminders')
  async page(@Param('runId', ParseIntPipe) runId: number, @Query('notice') notice: string | undefined, @Res() res: Response) {
    res.render('messaging/reminders', await this.model(runId, { notice: notice === 'added' ? '提醒规则已添加。' : notice === 'removed' ? '提醒规则已停用。' : undefined }));
  }

  @Post('runs/:runId/reminders')
  async add(@Param('runId', ParseIntPipe) runId: number, @Body() form: Record<string, unknown>, @Res() res: Response) {
    try {
      await this.rules.add(runId, form ?? {});
      res.redirect(303, `/admin/runs/${runId}/reminders?notice=added`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('messaging/reminders', await this.model(runId, { error: error.message }));
    }
  }

  @Post('reminders/:id/remove')
  async remove(@Param('id', ParseIntPipe) id: number, @Res() res: Response) {
    const runId = await this.rules.remove(id);
    res.redirect(303, `/admin/runs/${runId}/reminders?notice=removed`);
  }

  private async model(runId: number, extra: Record<string, unknown>) {
    const run = await this.training.run(runId);
    const rules = (await this.rules.list(runId)).map((r) => ({ ...r, what: r.kind === 'session' ? '期次开始前（确认参训人员）' : '报名截止前（尚未报名人员）' }));
    return { title: `${run.title} · 提醒`, runId, runTitle: run.title, rules, scheduled: await this.reminders.scheduled(runId), ...extra };
  }
}
