import { Body, Controller, Get, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { SignInQrService } from '../attendance/sign-in-qr.service';
import { TokenFailuresInterceptor } from '../auth/token-failures.interceptor';
import type { Response } from 'express';
import { DomainError } from '../common/domain-error';
import { ParticipantPortalService } from './participant-portal.service';
import { RegistrationsService } from './registrations.service';

type ChoiceForm = Record<string, unknown>;

/** The run a participant's form or link names (`runId` field, `?run=`); undefined when none or malformed. */
function runIdOf(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/**
 * Reads the form: three ranked choices and the sessions the person cannot attend.
 * @returns ids, or field errors (Chinese).
 */
export function readChoices(form: ChoiceForm): { ids: number[]; submitted: (number | null)[]; unavailable: number[]; errors?: Record<string, string> } {
  const errors: Record<string, string> = {};
  const rawUnavailable = form?.unavailable === undefined ? [] : [form.unavailable].flat();
  const unavailable = rawUnavailable.filter((v): v is string => typeof v === 'string' && /^\d{1,9}$/.test(v)).map(Number);
  if (unavailable.length !== rawUnavailable.length) errors.unavailable = '请勾选列表中的期次。';
  const submitted = [1, 2, 3].map((i) => {
    const raw = form?.[`choice${i}`];
    if (raw === undefined || raw === '') return null;
    if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) {
      errors[`choice${i}`] = '请选择列表中的期次。';
      return null;
    }
    return Number(raw);
  });
  if (submitted[0] === null && !errors.choice1) errors.choice1 = '请选择第一志愿。';
  const ids = submitted.filter((v): v is number => v !== null);
  submitted.forEach((id, i) => {
    if (id !== null && submitted.indexOf(id) < i) errors[`choice${i + 1}`] = '与前面的志愿重复。';
  });
  if (unavailable.some((id) => ids.includes(id))) errors.unavailable = '已选为志愿的期次不能同时标为无法参加。';
  return Object.keys(errors).length ? { ids, submitted, unavailable, errors } : { ids, submitted, unavailable };
}

/**
 * The participant's personal page, reached by their link; works without JavaScript. Forms need
 * no separate CSRF token: the unguessable personal token is part of every form's action URL.
 * Failed token attempts are counted per client address (TokenFailuresInterceptor); valid links are never throttled.
 */
@Controller('r/:token')
@UseInterceptors(TokenFailuresInterceptor)
export class ParticipantPagesController {
  constructor(
    private readonly portal: ParticipantPortalService,
    private readonly registrations: RegistrationsService,
    private readonly signInQr: SignInQrService,
  ) {}

  @Get()
  async show(@Param('token') token: string, @Query('done') done: string | undefined, @Query('run') run: string | undefined, @Res() res: Response) {
    const model = await this.portal.pageModel(token, { done, runId: runIdOf(run) });
    res.render('registrations/participant', { ...model, signInQr: await this.signInQr.forPage(model.participant.id, token) });
  }

  /** Registers, or changes the ranked choice of an existing registration. */
  @Post('registration')
  async save(@Param('token') token: string, @Body() form: ChoiceForm, @Res() res: Response) {
    const runId = runIdOf(form?.runId);
    const { participant, run } = await this.portal.resolveRun(token, runId);
    const choices = readChoices(form);
    if (choices.errors) {
      return res.status(422).render('registrations/participant', await this.portal.pageModel(token, { runId, fieldErrors: choices.errors, submitted: choices.submitted, unavailable: choices.unavailable, error: '请修正标红的志愿后再提交。' }));
    }
    const command = { participantId: participant.id, runId: run.id, preferences: choices.ids, unavailable: choices.unavailable, actor: 'participant' as const };
    try {
      const existing = await this.registrations.current(participant.id, run.id);
      if (existing) await this.registrations.change(command);
      else await this.registrations.register(command);
      res.redirect(303, `/r/${token}?done=${existing ? 'changed' : 'registered'}${runId ? `&run=${runId}` : ''}`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('registrations/participant', await this.portal.pageModel(token, { runId, error: error.message, submitted: choices.submitted }));
    }
  }

  /** Asks for confirmation before cancelling (no JavaScript confirm dialogs). */
  @Get('cancellation')
  async confirmCancel(@Param('token') token: string, @Query('run') run: string | undefined, @Res() res: Response) {
    const model = await this.portal.pageModel(token, { runId: runIdOf(run) });
    if (!('registration' in model) || !model.registration) return res.redirect(303, `/r/${token}`);
    res.render('registrations/cancel-confirm', model);
  }

  @Post('cancellation')
  async cancel(@Param('token') token: string, @Body() form: ChoiceForm, @Res() res: Response) {
    const runId = runIdOf(form?.runId);
    const { participant, run } = await this.portal.resolveRun(token, runId);
    try {
      await this.registrations.cancel(participant.id, run.id, 'participant');
      res.redirect(303, `/r/${token}?done=cancelled${runId ? `&run=${runId}` : ''}`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('registrations/participant', await this.portal.pageModel(token, { runId, error: error.message }));
    }
  }
}
