import { Body, Controller, Get, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { TokenFailuresInterceptor } from '../auth/token-failures.interceptor';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { daysOf } from '../attendance/session-days';
import { DomainError } from '../common/domain-error';
import { OrganisationService } from '../organisation/organisation.service';
import { Registration } from '../registrations/registration.entity';
import { TrainingSession } from '../training/training-session.entity';
import { readLeaveForm } from './leave-input';
import { LeaveService } from './leave.service';

const STATUS_TEXT = { pending: '待审批', approved: '已批准', refused: '未批准' } as const;

/**
 * The participant asks for leave on their personal page (issue 11, item 4): the whole session or
 * one day, with a reason; they see their requests and the decisions. The personal token in the
 * URL authorises, as on the registration page.
 */
@Controller('r/:token/leave')
@UseInterceptors(TokenFailuresInterceptor)
export class ParticipantLeaveController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisation: OrganisationService,
    private readonly leave: LeaveService,
  ) {}

  @Get()
  async page(@Param('token') token: string, @Query('done') done: string | undefined, @Res() res: Response) {
    res.render('leave/participant', await this.model(token, { done: done === '1' ? '请假申请已提交，审批结果将通过邮件通知您。' : undefined }));
  }

  @Post()
  async request(@Param('token') token: string, @Body() form: Record<string, unknown>, @Res() res: Response) {
    const participant = await this.organisation.participantByToken(token);
    try {
      const registrationId = typeof form.registrationId === 'string' && /^\d{1,9}$/.test(form.registrationId) ? Number(form.registrationId) : NaN;
      if (!registrationId) throw new DomainError('VALIDATION_FAILED', '请选择期次。');
      await this.leave.request(registrationId, readLeaveForm(form), { kind: 'participant' }, participant.id);
      res.redirect(303, `/r/${token}/leave?done=1`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('leave/participant', await this.model(token, { error: error.message }));
    }
  }

  private async model(token: string, extra: Record<string, unknown>) {
    const participant = await this.organisation.participantByToken(token);
    const registrations = await this.dataSource.getRepository(Registration).findBy({ participantId: participant.id, status: 'confirmed' });
    const choices = [];
    for (const r of registrations) {
      const session = r.sessionId ? await this.dataSource.getRepository(TrainingSession).findOneBy({ id: r.sessionId, status: 'scheduled' }) : null;
      if (session) choices.push({ registrationId: r.id, title: session.title, days: daysOf(session).map((d) => ({ date: d.date, label: `第 ${d.index} 天 ${d.label}` })) });
    }
    const sessions = new Map<number, TrainingSession>();
    for (const s of await this.dataSource.getRepository(TrainingSession).find()) sessions.set(s.id, s);
    const requests = (await this.leave.forParticipant(participant.id)).map((r) => {
      const session = sessions.get(r.sessionId)!;
      const day = r.day ? daysOf(session).find((d) => d.date === r.day) : null;
      return { session: session.title, what: day ? day.label : '全期', reason: r.reason, statusText: STATUS_TEXT[r.status], note: r.decisionNote };
    });
    return { title: '请假', token, participant, choices, requests, ...extra };
  }
}
