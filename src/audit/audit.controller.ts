import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import { Organiser } from '../auth/auth.service';
import { AllowCoordinators, OrganiserGuard } from '../auth/organiser.guard';
import { formatShanghai } from '../common/shanghai-time';
import { OrganisationService } from '../organisation/organisation.service';
import { AuditService } from './audit.service';

const ACTOR_TEXT: Record<string, string> = { organiser: '市局组织者', coordinator: '区协调员', signin: '签到人员', participant: '参训人员（个人链接）', system: '系统', anonymous: '匿名' };

/** The audit log page and its Excel export; coordinators see only their district's events. */
@Controller('admin')
@UseGuards(OrganiserGuard)
@AllowCoordinators()
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly organisation: OrganisationService,
  ) {}

  @Get('audit')
  async page(@Query('district') district: string | undefined, @Req() req: Request & { organiser: Organiser }, @Res() res: Response) {
    const districtId = this.scope(req.organiser, district);
    const districts = await this.organisation.listDistricts();
    res.render('audit/list', {
      title: '操作记录',
      rows: (await this.rows(districtId)).slice(0, 500),
      districts: req.organiser.role === 'organiser' ? districts.map((d) => ({ id: d.id, name: d.name, selected: d.id === districtId })) : null,
      exportHref: `/admin/audit.xlsx${districtId ? `?district=${districtId}` : ''}`,
    });
  }

  @Get('audit.xlsx')
  async export(@Query('district') district: string | undefined, @Req() req: Request & { organiser: Organiser }, @Res() res: Response) {
    const rows = await this.rows(this.scope(req.organiser, district), 100_000);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('操作记录');
    sheet.addRow(['时间', '操作人类别', '操作人', '操作', '对象', '对象编号', '区', '变更前', '变更后']);
    for (const r of rows) sheet.addRow([r.at, r.actorKind, r.actorLabel, r.action, r.subjectType, r.subjectId, r.district, r.before, r.after]);
    res.attachment('操作记录.xlsx').type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.send(Buffer.from(await book.xlsx.writeBuffer()));
  }

  /** Coordinators are always limited to their own district. */
  private scope(account: Organiser, district: string | undefined): number | undefined {
    if (account.role !== 'organiser') return account.districtId ?? -1;
    return /^\d+$/.test(district ?? '') ? Number(district) : undefined;
  }

  private async rows(districtId: number | undefined, limit = 500) {
    const districts = new Map((await this.organisation.listDistricts()).map((d) => [d.id, d.name]));
    return (await this.audit.list({ districtId, limit })).map((e) => ({
      at: formatShanghai(e.at),
      actorKind: ACTOR_TEXT[e.actorKind] ?? e.actorKind,
      actorLabel: e.actorLabel,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId ?? '',
      district: e.districtId ? (districts.get(e.districtId) ?? '') : '',
      before: e.before ?? '',
      after: e.after ?? '',
    }));
  }
}
