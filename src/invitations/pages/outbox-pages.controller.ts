import { Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import type { Response } from 'express';
import { OrganiserGuard } from '../../auth/organiser.guard';
import { formatShanghai } from '../../common/shanghai-time';
import { OutboxService } from '../outbox.service';
import { sendCalendarFile } from './calendar-files.controller';

const STATUS_TEXT: Record<string, string> = { pending: '待发送', sending: '发送中', sent: '已发送', failed: '发送失败', superseded: '已被更新替代' };

/** One outbox message for organisers: headers, the exact calendar text, its download, and resend. */
@Controller('admin/outbox')
@UseGuards(OrganiserGuard)
export class OutboxPagesController {
  constructor(private readonly outbox: OutboxService) {}

  @Get(':id')
  async show(@Param('id', ParseIdPipe) id: number, @Query('notice') notice: string | undefined, @Res() res: Response) {
    const m = await this.outbox.detail(id);
    res.render('invitations/outbox-message', {
      title: `邮件 #${m.id}`,
      message: {
        ...m,
        statusText: STATUS_TEXT[m.status],
        isFailed: m.status === 'failed',
        createdAt: formatShanghai(m.createdAt),
        sentAt: m.sentAt && formatShanghai(m.sentAt),
        nextAttemptAt: m.status === 'pending' ? formatShanghai(m.nextAttemptAt) : null,
      },
      notice: notice === 'resent' ? '已重新加入发送队列（同一 Message-ID，尝试次数清零）。' : undefined,
    });
  }

  /** The calendar file exactly as stored and sent. */
  @Get(':id/calendar.ics')
  async calendar(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const file = await this.outbox.calendarFile(id);
    sendCalendarFile(res, file, file.method);
  }

  @Post(':id/resend')
  async resend(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.outbox.resend(id);
    res.redirect(303, `/admin/outbox/${id}?notice=resent`);
  }
}
