import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import type { Request, Response } from 'express';
import type { Organiser } from '../../auth/auth.service';
import { AllowCoordinators, AllowSignInStaff, OrganiserGuard } from '../../auth/organiser.guard';
import { DomainError } from '../../common/domain-error';
import { isCalendarDate } from '../../common/shanghai-time';
import { daysHomeOf, districtOf } from '../district-filter';
import { ParticipantExportService } from './participant-export.service';
import { sheetWorkbook } from './roster-sheet';
import { RosterSheetsService } from './roster-sheets.service';

type SignedIn = Request & { organiser: Organiser };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Rosters and sign-in sheets (issue 11, item 7): a printable A4 page and .xlsx per session, per
 * day (`?day=YYYY-MM-DD`, with a signature box) and per district (`?district=`); the participant
 * list as .xlsx and CSV. Coordinators always get their own district; sign-in staff may print sheets.
 */
@Controller('admin')
@UseGuards(OrganiserGuard)
@AllowCoordinators()
export class RostersController {
  constructor(
    private readonly sheets: RosterSheetsService,
    private readonly exports: ParticipantExportService,
  ) {}

  @Get('sessions/:sessionId/roster')
  @AllowSignInStaff()
  async page(@Param('sessionId', ParseIdPipe) sessionId: number, @Query('day') day: unknown, @Query('district') district: unknown, @Req() req: SignedIn, @Res() res: Response) {
    const sheet = await this.sheets.sheet(sessionId, readDay(day), districtOf(req.organiser, district));
    res.render('attendance/sheet', { layout: 'layouts/print', ...sheet, backHref: daysHomeOf(req.organiser), xlsxHref: `/admin/sessions/${sessionId}/roster.xlsx${query(day, district)}` });
  }

  @Get('sessions/:sessionId/roster.xlsx')
  @AllowSignInStaff()
  async xlsx(@Param('sessionId', ParseIdPipe) sessionId: number, @Query('day') day: unknown, @Query('district') district: unknown, @Req() req: SignedIn, @Res() res: Response) {
    const sheet = await this.sheets.sheet(sessionId, readDay(day), districtOf(req.organiser, district));
    res.attachment(`${sheet.title.replace(/[\\/:*?"<>|]/g, '').replace(/ · /g, '-')}.xlsx`).type(XLSX);
    res.send(await sheetWorkbook(sheet.heading, sheet.rows));
  }

  @Get('runs/:runId/participants.xlsx')
  async participantsXlsx(@Param('runId', ParseIdPipe) runId: number, @Query('district') district: unknown, @Req() req: SignedIn, @Res() res: Response) {
    const body = await this.exports.xlsx(runId, districtOf(req.organiser, district));
    res.attachment('参训人员名单.xlsx').type(XLSX).send(body);
  }

  @Get('runs/:runId/participants.csv')
  async participantsCsv(@Param('runId', ParseIdPipe) runId: number, @Query('district') district: unknown, @Req() req: SignedIn, @Res() res: Response) {
    const body = await this.exports.csv(runId, districtOf(req.organiser, district));
    res.attachment('参训人员名单.csv').type('text/csv; charset=utf-8').send(body);
  }
}

/** @throws DomainError VALIDATION_FAILED when `day` is given but not a date. */
function readDay(day: unknown): string | undefined {
  if (day === undefined || day === '') return undefined;
  if (typeof day !== 'string' || !isCalendarDate(day)) throw new DomainError('VALIDATION_FAILED', '日期应为 YYYY-MM-DD。');
  return day;
}

function query(day: unknown, district: unknown): string {
  const parts = [typeof day === 'string' && day ? `day=${encodeURIComponent(day)}` : '', typeof district === 'string' && district ? `district=${encodeURIComponent(district)}` : ''].filter(Boolean);
  return parts.length ? `?${parts.join('&')}` : '';
}
