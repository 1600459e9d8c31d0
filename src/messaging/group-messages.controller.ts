import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Request, Response } from 'express';
import type { Organiser } from '../auth/auth.service';
import { AllowCoordinators, OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { formatShanghai } from '../common/shanghai-time';
import { OrganisationService } from '../organisation/organisation.service';
import { TrainingService } from '../training/training.service';
import { AUDIENCE_STATUS_TEXT } from './group-audience.service';
import { GroupMessagesService, readDraft } from './group-messages.service';

type SignedIn = Request & { organiser: Organiser };

/** A preview's one-time send key: a UUID as `randomUUID` writes it. */
const SEND_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Messages to a group (issue 11, items 2 and 8): write, preview (how many people, who, the mail
 * as it reads), confirm, then follow delivery. Coordinators write to their own district only.
 */
@Controller('admin')
@UseGuards(OrganiserGuard)
@AllowCoordinators()
export class GroupMessagesController {
  constructor(
    private readonly messages: GroupMessagesService,
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
  ) {}

  @Get('runs/:runId/messages')
  async page(@Param('runId', ParseIdPipe) runId: number, @Req() req: SignedIn, @Res() res: Response) {
    res.render('messaging/messages', await this.model(runId, req.organiser, {}));
  }

  /** Shows "this will e-mail N people" with who and the rendered mail; nothing is queued. */
  @Post('runs/:runId/messages/preview')
  @HttpCode(200)
  async preview(@Param('runId', ParseIdPipe) runId: number, @Body() form: Record<string, unknown>, @Req() req: SignedIn, @Res() res: Response) {
    try {
      const draft = readDraft(form ?? {}, req.organiser);
      const preview = await this.messages.preview(runId, draft);
      res.render('messaging/message-preview', {
        title: '确认发送',
        runId,
        form,
        count: preview.recipients.length,
        recipients: preview.recipients.slice(0, 300).map((p) => `${p.name}（${p.districtName} ${p.unitLabel}）`),
        more: Math.max(0, preview.recipients.length - 300),
        subject: preview.subject,
        text: preview.text,
        sendKey: randomUUID(),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('messaging/messages', await this.model(runId, req.organiser, { error: error.message, form }));
    }
  }

  /**
   * Sends after the preview: `expectedCount` is the number the preview showed, `sendKey` the
   * preview's one-time key (the same preview submitted twice sends once and shows that message).
   */
  @Post('runs/:runId/messages')
  async send(@Param('runId', ParseIdPipe) runId: number, @Body() form: Record<string, unknown>, @Req() req: SignedIn, @Res() res: Response) {
    try {
      const expected = typeof form?.expectedCount === 'string' && /^\d{1,6}$/.test(form.expectedCount) ? Number(form.expectedCount) : NaN;
      if (Number.isNaN(expected)) throw new DomainError('VALIDATION_FAILED', '请先预览，确认收件人后再发送。');
      const sendKey = typeof form.sendKey === 'string' && SEND_KEY.test(form.sendKey) ? form.sendKey : null;
      if (sendKey === null) throw new DomainError('VALIDATION_FAILED', '请先预览，确认收件人后再发送。');
      const id = await this.messages.send(runId, readDraft(form, req.organiser), expected, req.organiser, sendKey);
      res.redirect(303, `/admin/messages/${id}`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('messaging/messages', await this.model(runId, req.organiser, { error: error.message, form }));
    }
  }

  /** Delivery progress of a sent message (refresh to update). */
  @Get('messages/:id')
  async progress(@Param('id', ParseIdPipe) id: number, @Req() req: SignedIn, @Res() res: Response) {
    const p = await this.messages.progress(id, req.organiser);
    const total = p.message.recipientCount;
    res.render('messaging/message-progress', { title: p.message.subject, ...p, total, percent: total ? Math.round((p.sent / total) * 100) : 0, createdAt: formatShanghai(p.message.createdAt), canResend: req.organiser.role === 'organiser' });
  }

  private async model(runId: number, account: Organiser, extra: { error?: string; form?: Record<string, unknown> }) {
    const run = await this.training.run(runId);
    const form = extra.form ?? {};
    const districts = account.role === 'coordinator' ? null : (await this.organisation.listDistricts()).map((d) => ({ id: d.id, name: d.name, selected: String(d.id) === form.district }));
    return {
      title: `${run.title} · 群发消息`,
      runId,
      runTitle: run.title,
      sessions: run.sessions.map((s) => ({ id: s.id, title: s.title, selected: String(s.id) === form.session })),
      districts,
      statuses: Object.entries(AUDIENCE_STATUS_TEXT).map(([value, label]) => ({ value, label, selected: value === form.status })),
      sent: (await this.messages.list(runId, account)).map((m) => ({ id: m.id, subject: m.subject, count: m.recipientCount, by: m.createdBy, at: formatShanghai(m.createdAt) })),
      form,
      error: extra.error,
    };
  }
}
