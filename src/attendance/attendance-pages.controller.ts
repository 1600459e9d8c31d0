import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { optionalId } from '../common/parse-id.pipe';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Request, Response } from 'express';
import type { Organiser } from '../auth/auth.service';
import { AllowSignInStaff, OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { isCalendarDate, toShanghaiParts } from '../common/shanghai-time';
import { Clock } from '../common/clock';
import { OrganisationService } from '../organisation/organisation.service';
import { TrainingService } from '../training/training.service';
import { AttendanceService } from './attendance.service';
import { AttendancePolicyService } from './attendance-policy.service';
import { readRosterStatus } from './attendance-terms';
import { SessionRosterService } from './session-roster.service';

type Staff = Request & { organiser: Organiser };

/**
 * Sign-in pages for organisers and 签到人员 (issue 11, item 5): every run's sessions and days with
 * live counts, and a day's roster where staff tick people (one form per person, no JavaScript).
 */
@Controller('admin')
@UseGuards(OrganiserGuard)
export class AttendancePagesController {
  constructor(
    private readonly training: TrainingService,
    private readonly roster: SessionRosterService,
    private readonly attendance: AttendanceService,
    private readonly policies: AttendancePolicyService,
    private readonly organisation: OrganisationService,
    private readonly clock: Clock,
  ) {}

  @Get('attendance')
  @AllowSignInStaff()
  async index(@Query('notice') notice: string | undefined, @Req() req: Staff, @Res() res: Response) {
    const today = toShanghaiParts(this.clock.now()).date;
    const runs = [];
    for (const run of await this.training.listRuns()) {
      const sessions = (await this.roster.runCounts(run.id)).map(({ session, days }) => ({
        id: session.id,
        title: session.title,
        venue: session.venue,
        days: days.map((d) => ({ ...d, today: d.date === today })),
      }));
      runs.push({ id: run.id, title: run.title, sessions, policy: await this.policies.get(run.id) });
    }
    res.render('attendance/index', { title: '签到', runs, today, isOrganiser: req.organiser.role === 'organiser', notice: notice === 'policy' ? '签到与结业规则已保存。' : undefined });
  }

  @Get('sessions/:sessionId/days/:day/attendance')
  @AllowSignInStaff()
  async day(@Param('sessionId', ParseIdPipe) sessionId: number, @Param('day') date: string, @Query('district') district: string | undefined, @Query('done') done: string | undefined, @Res() res: Response) {
    res.render('attendance/day', await this.dayModel(sessionId, date, district, done));
  }

  /** A tick on the roster: `status` present, late or absent. */
  @Post('sessions/:sessionId/days/:day/attendance/:participantId')
  @AllowSignInStaff()
  async mark(
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('day') date: string,
    @Param('participantId', ParseIdPipe) participantId: number,
    @Body() form: Record<string, unknown>,
    @Req() req: Staff,
    @Res() res: Response,
  ) {
    const status = readRosterStatus(form.status);
    if (!status) throw new DomainError('VALIDATION_FAILED', '请选择签到、迟到或缺勤。');
    if (!isCalendarDate(date)) throw new DomainError('VALIDATION_FAILED', `日期 ${date} 无效。`);
    const answer = await this.attendance.mark(sessionId, date, participantId, status, req.organiser);
    const district = optionalId(form.district) ? `&district=${optionalId(form.district)}` : '';
    res.redirect(303, `/admin/sessions/${sessionId}/days/${date}/attendance?done=${encodeURIComponent(`${answer.participantName}：${answer.message}`)}${district}#p${participantId}`);
  }

  /** Organiser: the run's late grace and whether an approved one-day leave counts for completion. */
  @Post('runs/:runId/attendance-policy')
  async savePolicy(@Param('runId', ParseIdPipe) runId: number, @Body() form: Record<string, unknown>, @Res() res: Response) {
    await this.policies.save(runId, form);
    res.redirect(303, '/admin/attendance?notice=policy');
  }

  private async dayModel(sessionId: number, date: string, district: string | undefined, done: string | undefined) {
    const { session } = await this.roster.session(sessionId);
    const day = this.roster.day(session, date);
    const districtId = optionalId(district);
    const rows = await this.roster.dayRoster(sessionId, date, districtId);
    const districts = (await this.organisation.listDistricts()).map((d) => ({ id: d.id, name: d.name, selected: d.id === districtId }));
    const signedIn = rows.filter((r) => r.status === 'present' || r.status === 'late').length;
    return {
      title: `${session.title} 第 ${day.index} 天签到`,
      session: { id: session.id, title: session.title, venue: session.venue },
      day: { ...day, hours: `${session.dailyStart}–${session.dailyEnd}` },
      rows: rows.map((r) => ({ ...r, signedIn: r.status === 'present' || r.status === 'late' })),
      districts,
      districtId: districtId ?? '',
      counts: { total: rows.length, signedIn, notYet: rows.filter((r) => r.status === 'none').length },
      done: typeof done === 'string' ? done.slice(0, 200) : undefined,
    };
  }
}
