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
import { formatDate } from './rules/date-ranges';
import { OfficeFacts, Violation } from './rules/staffing-facts';
import { POSITION_LABELS, POST_INCREASE_GROUND_LABELS, POST_TYPE_LABELS } from './staffing-terms';
import { onPost } from './rules/staffing-state';
import { checkPostRecord, officesEntitledToMore } from './rules/task-12-headcount';
import { OfficeProfileInput } from './staffing-forms';
import { STAFFING_MESSAGES, wan } from './staffing-messages';
import { StaffingHistory } from './staffing-history.entity';
import { TrainingHandover } from './training-handover.entity';
import { JudicialOffice } from '../organisation/judicial-office.entity';
import { StaffMember } from './staff-member.entity';


/** One line for the office's history: 常住人口15万人，面积未填；编制5名（依据：常住人口；黄浦区委编办2021年3月1日批准，黄编〔2021〕3号）. */
export function profileSummary(v: OfficeProfileInput): string {
  const population = v.population === null ? '常住人口未填' : `常住人口${wan(v.population)}人`;
  const area = v.areaKm2 === null ? '面积未填' : `面积${v.areaKm2}平方公里`;
  const posts = v.approvedPosts === null ? '编制数未填（按4名计）' : `编制${v.approvedPosts}名`;
  const i = v.postIncrease;
  const increase = i ? `（依据：${POST_INCREASE_GROUND_LABELS[i.ground]}${i.note ? `，${i.note}` : ''}；${i.approvedBy}${i.approvedOn ? `${formatDate(i.approvedOn)}批准` : ''}${i.reference ? `，${i.reference}` : ''}）` : '';
  return `${population}，${area}；${posts}${increase}`;
}

/** An office's page: its figures, population/area, timeline and the recorded history. */
export interface OfficeStaffing {
  officeId: number;
  office: string;
  district: string;
  kind: string;
  population: number | null;
  areaKm2: number | null;
  approvedPosts: number | null;
  postIncrease: OfficeFacts['postIncrease'];
  /** Task 12: who fills the office's posts today — its own formal staff on post (name, position, post type). */
  postHolders: { name: string; position: string; postType: string }[];
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
    return buildStaffingReport(loaded.state, scope, this.ledger.policy());
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
      if (!office) throw new DomainError('NOT_FOUND', `司法所${officeId}不存在。`);
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
        approvedPosts: facts.approvedPosts,
        postIncrease: facts.postIncrease,
        postHolders: onPost(loaded.state, officeId, this.ledger.today())
          .filter((p) => p.unitKind === 'office' && p.officeId === officeId && p.employment === 'permanent')
          .map((p) => ({ name: p.name, position: POSITION_LABELS[p.position], postType: POST_TYPE_LABELS[p.postType] })),
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
   * Sets an office's task 12 record — resident population (persons), area (km²), approved posts
   * and the ground and approval of posts above 4 (each may be null) — judged by `checkPostRecord`,
   * with a history entry. @throws DomainError NOT_FOUND; STAFFING_RULES_VIOLATED (422), nothing written.
   */
  async setOfficeProfile(officeId: number, values: OfficeProfileInput, actor: string): Promise<Violation[]> {
    return this.transactions.run(async (m) => {
      const loaded = await this.ledger.load(m);
      const office = loaded.offices.get(officeId);
      if (!office) throw new DomainError('NOT_FOUND', `司法所${officeId}不存在。`);
      const before = loaded.state.offices.find((o) => o.id === officeId)!;
      const after = { ...before, ...values };
      const refused = checkPostRecord(after, `${office.unitName}司法所`, this.ledger.today());
      if (refused.length) throw new DomainError('STAFFING_RULES_VIOLATED', STAFFING_MESSAGES.refused(refused.length), { violations: refused, reports: [] });
      const i = values.postIncrease;
      await m.save(OfficeProfile, {
        officeId, population: values.population, areaKm2: values.areaKm2, approvedPosts: values.approvedPosts,
        postIncreaseGround: i?.ground ?? null, postIncreaseNote: i?.note ?? null, postIncreaseApprovedBy: i?.approvedBy || null,
        postIncreaseApprovedOn: i?.approvedOn || null, postIncreaseReference: i?.reference || null,
      });
      const changes = diff({ ...before, postIncrease: JSON.stringify(before.postIncrease) }, { ...after, postIncrease: JSON.stringify(after.postIncrease) }, ['population', 'areaKm2', 'approvedPosts', 'postIncrease']);
      const summary = profileSummary(values);
      if (Object.keys(changes).length) await this.ledger.record(m, actor, [{ subjectType: 'office', subjectId: officeId, action: 'profile', summary, changes }]);
      return officesEntitledToMore({ ...loaded.state, offices: [after] });
    });
  }

  /** Recent training hand-overs for the staffing page's notices, newest first. */
  async handovers(limit = 50): Promise<(TrainingHandover & { office: string; successor: string | null })[]> {
    return this.transactions.read(async (m) => {
      const rows = await m.find(TrainingHandover, { order: { id: 'DESC' }, take: limit });
      const offices = new Map((await m.find(JudicialOffice, { where: { id: In(rows.map((h) => h.officeId)) } })).map((o) => [o.id, o.unitName]));
      const people = new Map((await m.find(StaffMember, { where: { id: In(rows.flatMap((h) => (h.successorId ? [h.successorId] : []))) } })).map((p) => [p.id, p.name]));
      return rows.map((h) => ({ ...h, office: `${offices.get(h.officeId) ?? ''}司法所`, successor: h.successorId ? people.get(h.successorId) ?? null : null }));
    });
  }

}
