import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { formatShanghai, toShanghaiParts } from '../common/shanghai-time';
import { TransactionRunner } from '../database/transaction-runner';
import { OfficeProfile } from './office-profile.entity';
import { buildReportWorkbook, buildTimelineWorkbook } from './reports/reports-workbook';
import { officeTimeline, TimelineEvent } from './reports/office-timeline';
import { buildStaffingReport, ReportScope, StaffingReport } from './reports/staffing-report';
import { diff, StaffingLedgerService } from './staffing-ledger.service';
import { StaffingHistory } from './staffing-history.entity';
import { TrainingHandover } from './training-handover.entity';

/** An office's page: its figures, population/area, timeline and the recorded history. */
export interface OfficeStaffing {
  officeId: number;
  office: string;
  district: string;
  kind: string;
  population: number | null;
  areaKm2: number | null;
  timeline: (TimelineEvent & { recorded?: string })[];
}

/** Reports, the office timeline and office attributes of the staffing feature (issue #5). */
@Injectable()
export class StaffingReportsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly ledger: StaffingLedgerService,
  ) {}

  /** Today in Shanghai. */
  today(): string {
    return this.ledger.today();
  }

  /** The reports for a district (or the city, districtId null) on `scope.date`. */
  async report(scope: ReportScope): Promise<StaffingReport> {
    const loaded = await this.transactions.read((m) => this.ledger.load(m));
    return buildStaffingReport(loaded.state, scope);
  }

  /** The same reports as an .xlsx workbook. */
  async reportWorkbook(scope: ReportScope): Promise<Buffer> {
    return buildReportWorkbook(await this.report(scope));
  }

  /** @throws DomainError NOT_FOUND. */
  async office(officeId: number): Promise<OfficeStaffing> {
    return this.transactions.read(async (m) => {
      const loaded = await this.ledger.load(m);
      const office = loaded.offices.get(officeId);
      if (!office) throw new DomainError('NOT_FOUND', `司法所 ${officeId} 不存在。`);
      const facts = loaded.state.offices.find((o) => o.id === officeId)!;
      const ids = [...loaded.assignments.values()].filter((a) => a.officeId === officeId).map((a) => a.id);
      const history = await m.find(StaffingHistory, { where: [{ subjectType: 'assignment', subjectId: In(ids) }, { subjectType: 'office', subjectId: officeId }], order: { id: 'ASC' } });
      const recorded = (assignmentId?: number) =>
        history.filter((h) => h.subjectType === 'assignment' && h.subjectId === assignmentId).map((h) => `${formatShanghai(h.at)} ${h.actor}：${h.summary}`).join('\n');
      const timeline = officeTimeline(loaded.state, officeId).map((e) => ({ ...e, recorded: e.assignmentId ? recorded(e.assignmentId) : undefined }));
      const officeHistory = history.filter((h) => h.subjectType === 'office').map((h) => ({ date: toShanghaiParts(h.at).date, what: h.summary, person: '', status: '', recorded: `${formatShanghai(h.at)} ${h.actor}` }));
      return {
        officeId,
        office: `${office.unitName}司法所`,
        district: loaded.districts.get(office.districtId)?.name ?? '',
        kind: { subdistrict: '街道', town: '镇', township: '乡' }[office.kind],
        population: facts.population,
        areaKm2: facts.areaKm2,
        timeline: [...timeline, ...officeHistory].sort((a, b) => a.date.localeCompare(b.date)),
      };
    });
  }

  /** The office timeline as .xlsx. */
  async timelineWorkbook(officeId: number): Promise<{ filename: string; buffer: Buffer }> {
    const office = await this.office(officeId);
    return { filename: `${office.office}人员配备时间线.xlsx`, buffer: await buildTimelineWorkbook(office.office, office.timeline) };
  }

  /**
   * Sets an office's resident population (persons) and area (km²), either may be null (task 12),
   * with a history entry. @throws DomainError NOT_FOUND.
   */
  async setOfficeProfile(officeId: number, values: { population: number | null; areaKm2: number | null }, actor: string): Promise<void> {
    await this.transactions.run(async (m) => {
      const loaded = await this.ledger.load(m);
      if (!loaded.offices.has(officeId)) throw new DomainError('NOT_FOUND', `司法所 ${officeId} 不存在。`);
      const before = loaded.state.offices.find((o) => o.id === officeId)!;
      await m.save(OfficeProfile, { officeId, ...values });
      const changes = diff(before, { ...before, ...values }, ['population', 'areaKm2']);
      const summary = `常住人口 ${values.population ?? '未填'} 人，面积 ${values.areaKm2 ?? '未填'} 平方公里`;
      if (Object.keys(changes).length) await this.ledger.record(m, actor, [{ subjectType: 'office', subjectId: officeId, action: 'profile', summary, changes }]);
    });
  }

  /** Recent training hand-overs for the staffing page's notices, newest first. */
  async handovers(limit = 50): Promise<(TrainingHandover & { office: string; successor: string | null })[]> {
    return this.transactions.read(async (m) => {
      const rows = await m.find(TrainingHandover, { order: { id: 'DESC' }, take: limit, relations: { rotation: { office: true, successor: true } } });
      return rows.map((h) => ({ ...h, office: `${h.rotation.office.unitName}司法所`, successor: h.rotation.successor?.name ?? null }));
    });
  }
}
