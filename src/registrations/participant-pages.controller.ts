import { Body, Controller, Get, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { SignInQrService } from '../attendance/sign-in-qr.service';
import { TokenFailuresInterceptor } from '../auth/token-failures.interceptor';
import type { Response } from 'express';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { OrganisationService } from '../organisation/organisation.service';
import { ParticipantPortalService } from './participant-portal.service';
import { RegistrationsService } from './registrations.service';

type ChoiceForm = Record<string, unknown>;

/** The run a participant's form or link names (`runId` field, `?run=`); undefined when none or malformed. */
function runIdOf(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/**
 * Reads the contact form: an e-mail address (at most 254 characters) and an 11-digit mainland
 * mobile number starting with 1. @returns the trimmed values, or Chinese field errors.
 */
export function readContact(form: ChoiceForm): { contact: { email: string; mobile: string }; errors?: Record<string, string> } {
  const text = (key: string) => (typeof form?.[key] === 'string' ? (form[key] as string).trim() : '');
  const contact = { email: text('email'), mobile: text('mobile').replace(/[\s-]/g, '') };
  const errors: Record<string, string> = {};
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(contact.email) || contact.email.length > 254) errors.email = '请填写有效的邮箱地址，如 zhangsan@example.org。';
  if (!/^1\d{10}$/.test(contact.mobile)) errors.mobile = '请填写 11 位手机号码，如 13900000000。';
  return Object.keys(errors).length ? { contact, errors } : { contact };
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
    private readonly organisation: OrganisationService,
    private readonly transactions: TransactionRunner,
    private readonly signInQr: SignInQrService,
  ) {}

  @Get()
  async show(@Param('token') token: string, @Query('done') done: string | undefined, @Query('run') run: string | undefined, @Res() res: Response) {
    const model = await this.portal.pageModel(token, { done, runId: runIdOf(run) });
    // The page shows the QR codes only to a person confirmed in the run it shows: no read otherwise.
    const confirmed = 'registration' in model && model.registration?.confirmed;
    res.render('registrations/participant', { ...model, signInQr: confirmed ? await this.signInQr.forPage(model.participant.id) : [] });
  }

  /**
   * The sign-in QR image of one of the holder's confirmed registrations (`<id>.png`), linked from
   * the page. `no-cache` with an entity tag of the code: a browser shows it again after a 304, and
   * never an image whose code was revoked. @throws DomainError INVALID_TOKEN, NOT_FOUND (not theirs).
   */
  @Get('sign-in-qr/:file')
  async signInQrImage(@Param('token') token: string, @Param('file') file: string, @Res() res: Response) {
    const participant = await this.organisation.participantByToken(token);
    const id = /^(\d{1,9})\.png$/.exec(file);
    if (!id) throw new DomainError('NOT_FOUND', '签到二维码不存在。');
    const image = await this.signInQr.image(participant.id, token, Number(id[1]));
    res.set({ 'Content-Type': 'image/png', 'Cache-Control': 'private, no-cache', ETag: image.etag }).send(image.png);
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

  /**
   * The participant corrects their own e-mail and mobile (issue 13, item 7), validated here and
   * written through OrganisationService.updateContact (audited `participant.contact`, before → after).
   */
  @Post('contact')
  async contact(@Param('token') token: string, @Body() form: ChoiceForm, @Res() res: Response) {
    const runId = runIdOf(form?.runId);
    const { participant } = await this.portal.resolve(token, runId);
    const { contact, errors } = readContact(form);
    if (errors) return res.status(422).render('registrations/participant', await this.portal.pageModel(token, { runId, contact, contactErrors: errors, error: '请修正联系方式中标红的项目。' }));
    try {
      await this.transactions.run((m) => this.organisation.updateContact(m, participant.id, { name: participant.name, email: contact.email, mobile: contact.mobile }));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'EMAIL_IN_USE') throw error;
      return res.status(error.status).render('registrations/participant', await this.portal.pageModel(token, { runId, contact, contactErrors: { email: error.message }, error: '请修正联系方式中标红的项目。' }));
    }
    res.redirect(303, `/r/${token}?done=contact${runId ? `&run=${runId}` : ''}`);
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
