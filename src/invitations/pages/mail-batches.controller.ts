import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { OrganiserGuard } from '../../auth/organiser.guard';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { formatShanghai } from '../../common/shanghai-time';
import { MailBatchesService } from '../mail-batches.service';

/**
 * Delivery progress of the mails one organiser action queued (opening registration, cancelling a
 * session, applying or restoring a balancing plan; issue 11, item 8): sent / waiting / failed,
 * read from the outbox on every load, so a reload shows the current state. No JavaScript.
 */
@Controller('admin/mail-batches')
@UseGuards(OrganiserGuard)
export class MailBatchesController {
  constructor(private readonly batches: MailBatchesService) {}

  @Get(':id')
  async show(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const p = await this.batches.progress(id);
    const counted = p.total - p.superseded;
    res.render('invitations/mail-batch', {
      title: `发送进度 · ${p.batch.label}`,
      ...p,
      counted,
      percent: counted ? Math.round((p.sent / counted) * 100) : 100,
      done: p.waiting === 0,
      createdAt: formatShanghai(p.batch.createdAt),
    });
  }
}
