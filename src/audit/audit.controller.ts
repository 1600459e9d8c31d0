import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { optionalId } from '../common/parse-id.pipe';
import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import { Organiser } from '../auth/auth.service';
import { AllowCoordinators, OrganiserGuard } from '../auth/organiser.guard';
import { queryString } from '../common/paging';
import { shanghaiDay } from '../common/shanghai-time';
import { OrganisationService } from '../organisation/organisation.service';
import { ACTION_LABELS, SUBJECT_LABELS } from './audit-labels';
import { AuditPageQuery, AuditViewsService, ACTOR_TEXT } from './audit-views.service';
import { AuditService } from './audit.service';

const options = (labels: Record<string, string>, selected: string | undefined) => Object.entries(labels).map(([value, label]) => ({ value, label, selected: value === selected }));
const AREAS: Record<string, string> = { registration: '报名', participant: '参训人员', session: '期次', run: '培训班', balancing: '容量均衡', invitation: '日历回复', outbox: '邮件', account: '账号', venue: '培训地点', staffing: '人员配备', attendance: '考勤', leave: '请假', message: '群发消息', reminder: '提醒' };

/** The audit log page and its Excel export; coordinators see only their district's events. */
@Controller('admin')
@UseGuards(OrganiserGuard)
@AllowCoordinators()
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly views: AuditViewsService,
    private readonly organisation: OrganisationService,
  ) {}

  @Get('audit')
  async page(@Query() query: AuditPageQuery, @Req() req: Request & { organiser: Organiser }, @Res() res: Response) {
    const districtId = this.scope(req.organiser, query.district);
    const districts = await this.organisation.listDistricts();
    const filter = this.views.filters(query, districtId, shanghaiDay);
    const { rows, pager, keep } = await this.views.page(query, filter, new Map(districts.map((d) => [d.id, d.name])));
    res.render('audit/list', {
      title: '操作记录',
      rows,
      pager,
      districts: req.organiser.role === 'organiser' ? districts.map((d) => ({ id: d.id, name: d.name, selected: d.id === districtId })) : null,
      actions: options(ACTION_LABELS, query.action),
      areas: options(AREAS, query.area),
      actorKinds: options(ACTOR_TEXT, query.actor_kind),
      subjects: options(SUBJECT_LABELS, query.subject),
      who: query.who ?? '',
      from: filter.from ? query.from : '',
      to: filter.to ? query.to : '',
      subjectId: filter.subjectId ?? '',
      exportHref: `/admin/audit.xlsx${queryString(keep)}`,
    });
  }

  /** The same filters as the page, every matching event (at most 100,000), in Chinese. */
  @Get('audit.xlsx')
  async export(@Query() query: AuditPageQuery, @Req() req: Request & { organiser: Organiser }, @Res() res: Response) {
    const districts = new Map((await this.organisation.listDistricts()).map((d) => [d.id, d.name]));
    const filter = this.views.filters(query, this.scope(req.organiser, query.district), shanghaiDay);
    const rows = await this.views.rows(await this.audit.list({ ...filter, limit: 100_000 }), districts);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('操作记录');
    sheet.addRow(['时间', '操作人类别', '操作人', '操作', '操作代码', '对象类别', '对象', '区', '变更内容', '变更前（原始）', '变更后（原始）']);
    for (const r of rows) {
      const changes = r.changes.map((c) => `${c.field}：${c.before} → ${c.after}`).join('\n');
      sheet.addRow([r.at, r.actorKind, r.actorLabel, r.action, r.code, r.subject.kind, r.subject.name, r.district, changes, r.rawBefore, r.rawAfter]);
    }
    res.attachment('操作记录.xlsx').type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.send(Buffer.from(await book.xlsx.writeBuffer()));
  }

  /** Coordinators are always limited to their own district. */
  private scope(account: Organiser, district: string | undefined): number | undefined {
    if (account.role !== 'organiser') return account.districtId ?? -1;
    return optionalId(district);
  }
}
