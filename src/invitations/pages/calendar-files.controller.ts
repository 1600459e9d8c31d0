import { TokenFailuresInterceptor } from '../../auth/token-failures.interceptor';
import { Controller, Get, Param, ParseIntPipe, Query, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { OrganiserGuard } from '../../auth/organiser.guard';
import { CalendarFile, CalendarFilesService } from './calendar-files.service';

/** Sends a calendar file as a download: `text/calendar; charset=utf-8; method=PUBLISH`, bytes as built. */
export function sendCalendarFile(res: Response, file: CalendarFile, method = 'PUBLISH'): void {
  res.attachment(file.fileName);
  res.type(`text/calendar; charset=utf-8; method=${method}`);
  res.send(Buffer.from(file.content, 'utf8'));
}

/** Calendar downloads: a participant's own event (by personal link) and a session's calendar (organisers). */
@Controller()
export class CalendarFilesController {
  constructor(private readonly files: CalendarFilesService) {}

  /** The participant's current event; a Chinese 404 page when they are not confirmed. */
  @Get('r/:token/invitation.ics')
  @UseInterceptors(TokenFailuresInterceptor)
  async participant(@Param('token') token: string, @Query('run') run: string | undefined, @Res() res: Response) {
    sendCalendarFile(res, await this.files.participantCalendar(token, run && /^\d{1,9}$/.test(run) ? Number(run) : undefined));
  }

  @Get('admin/sessions/:id/calendar.ics')
  @UseGuards(OrganiserGuard)
  async session(@Param('id', ParseIntPipe) id: number, @Res() res: Response) {
    sendCalendarFile(res, await this.files.sessionCalendar(id));
  }
}
