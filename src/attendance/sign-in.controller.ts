import { Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Organiser } from '../auth/auth.service';
import { AllowSignInStaff, OrganiserGuard } from '../auth/organiser.guard';
import { DomainError } from '../common/domain-error';
import { toShanghaiParts } from '../common/shanghai-time';
import { AttendanceService } from './attendance.service';

type Staff = Request & { organiser: Organiser };

/**
 * The page a scanned QR code opens (issue 11, item 5): for signed-in staff only (organisers and
 * 签到人员; anyone else is sent to sign in). Made for a 390-px phone screen: who, which session
 * and day, and one button. Refusals (bad code, wrong day) are shown on the same page with their 4xx.
 */
@Controller('signin')
@UseGuards(OrganiserGuard)
@AllowSignInStaff()
export class SignInController {
  constructor(private readonly attendance: AttendanceService) {}

  @Get(':code')
  async page(@Param('code') code: string, @Res() res: Response) {
    try {
      const t = await this.attendance.preview(code);
      const signedIn = t.existing && (t.existing.status === 'present' || t.existing.status === 'late') ? t.existing : null;
      res.render('attendance/scan', {
        title: '扫码签到',
        code,
        person: { name: t.participant.name, unit: `${t.participant.districtName} ${t.participant.unitLabel}`, post: t.participant.postLabel },
        session: t.session.title,
        day: `第 ${t.day.index} 天 · ${t.day.label}`,
        done: signedIn ? `已签到 ${toShanghaiParts(signedIn.signedInAt!).time}${signedIn.status === 'late' ? '（迟到）' : ''}` : null,
      });
    } catch (error) {
      this.refuse(error, res);
    }
  }

  /** One tap: signs the person in (or answers 已签到 HH:mm when they already are). */
  @Post(':code')
  @HttpCode(200)
  async signIn(@Param('code') code: string, @Req() req: Staff, @Res() res: Response) {
    try {
      const answer = await this.attendance.signInByCode(code, req.organiser);
      res.render('attendance/scan', { title: '扫码签到', person: { name: answer.participantName }, session: answer.sessionTitle, day: answer.day, done: answer.message, already: answer.already });
    } catch (error) {
      this.refuse(error, res);
    }
  }

  private refuse(error: unknown, res: Response) {
    if (!(error instanceof DomainError)) throw error;
    res.status(error.status).render('attendance/scan', { title: '扫码签到', error: error.message });
  }
}
