import { FORM_MESSAGES } from './staffing-messages';
import { optionalId } from '../common/parse-id.pipe';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { formatShanghai } from '../common/shanghai-time';
import { TransactionRunner } from '../database/transaction-runner';
import { formatDate, formatRange, isIsoDate } from './rules/date-ranges';
import { ReportScope } from './reports/staffing-report';
import { StaffMember } from './staff-member.entity';
import { StaffingAssignment } from './staffing-assignment.entity';
import { readAssignmentForm } from './staffing-forms';
import { StaffingHistory } from './staffing-history.entity';
import { StaffingReportsService } from './staffing-reports.service';
import { COUNTERPART_LABELS, CounterpartKind, POSITION_LABELS, POST_INCREASE_GROUND_LABELS, STATUS_TRANSITIONS, StaffPosition } from './staffing-terms';
import { LABELS, options, violationView } from './staffing-view-models';
import { PageState, Refusal, StaffingViewsService } from './staffing-views.service';
import { Violation } from './rules/staffing-facts';

/** View models of the assignment pages, the reports and the office page (zh-CN). */
@Injectable()
export class AssignmentViewsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly views: StaffingViewsService,
    private readonly reports: StaffingReportsService,
  ) {}

  /** The new-assignment form; `fields` from the query (kind, staffNumber, officeCode) or as submitted. */
  async assignmentForm(fields: Record<string, string>, errors: Record<string, string> = {}, refusal?: Refusal) {
    const { districts } = await this.views.units();
    const chosen = new Set((fields.officeCodes ?? fields.officeCode ?? '').split(',').filter(Boolean));
    const kind = fields.kind && Object.hasOwn(LABELS.kind, fields.kind) ? fields.kind : 'placement';
    return {
      title: `登记${LABELS.kind[kind as keyof typeof LABELS.kind]}`,
      fields: { ...fields, kind },
      isRotation: kind === 'rotation',
      isLiaison: kind === 'liaison',
      errors,
      error: refusal?.message ?? (Object.keys(errors).length ? FORM_MESSAGES.fixMarked : undefined),
      violations: refusal?.violations?.map(violationView),
      reports: refusal?.reports?.map(violationView),
      options: {
        kind: options(LABELS.kind, kind),
        status: options({ planned: '计划中', active: '进行中' }, fields.status ?? 'planned'),
        direction: options(LABELS.direction, fields.direction),
        counterpartKind: options(LABELS.counterpartKind, fields.counterpartKind),
        incomingPosition: options(LABELS.position, fields.incomingPosition ?? 'staff'),
        approvalAuthority: options(LABELS.approvalAuthority, fields.approvalAuthority),
        moveKind: options(LABELS.moveKind, fields.moveKind ?? 'exchange'),
      },
      districts: districts.map((d) => ({
        code: d.code,
        name: d.name,
        approvalSelected: fields.approvalDistrictCode === d.code,
        proposalSelected: fields.proposalDistrictCode === d.code,
        offices: d.offices.map((o) => ({ code: o.code, name: `${o.unitName}司法所`, selected: chosen.has(o.code) })),
      })),
    };
  }

  /** Reads the new-assignment form (people by 人员编号, offices by code). */
  async readAssignment(body: Record<string, unknown>) {
    const { codes } = await this.views.units();
    const byNumber = await this.staffNumbers();
    return readAssignmentForm(body, codes, (n) => byNumber.get(n.toLowerCase()));
  }

  /** The register id of a 人员编号 (case-insensitive), or undefined. */
  async staffIdOf(staffNumber: string): Promise<number | undefined> {
    return (await this.staffNumbers()).get(staffNumber.toLowerCase());
  }

  private async staffNumbers(): Promise<Map<string, number>> {
    const numbers = await this.transactions.read((m) => m.find(StaffMember, { select: { id: true, staffNumber: true } }));
    return new Map(numbers.map((s) => [s.staffNumber.toLowerCase(), s.id]));
  }

  /** Checks that assignment `id` exists, before anything else of a request about it is judged. @throws DomainError NOT_FOUND. */
  async requireAssignment(id: number): Promise<void> {
    const found = await this.transactions.read((m) => m.existsBy(StaffingAssignment, { id }));
    if (!found) throw new DomainError('NOT_FOUND', `记录${id}不存在。`);
  }

  /** One assignment with its history and the forms to change it. @throws DomainError NOT_FOUND. */
  async assignment(id: number, state: PageState = {}) {
    const { refusal, errors = {}, notice } = state;
    const { a, history } = await this.transactions.read(async (m) => ({
      a: await m.findOne(StaffingAssignment, { where: { id }, relations: { person: true, office: true, successor: true } }),
      history: await m.find(StaffingHistory, { where: { subjectType: 'assignment', subjectId: id }, order: { id: 'ASC' } }),
    }));
    if (!a) throw new DomainError('NOT_FOUND', `记录${id}不存在。`);
    const next = STATUS_TRANSITIONS[a.status];
    const { districts } = await this.views.units();
    return {
      districts: districts.map((d) => ({ code: d.code, name: d.name, proposalSelected: d.id === a.office.districtId })),
      fields: {},
      dates: formatRange(a),
      title: `${LABELS.kind[a.kind]}：${a.person.name}`,
      id: a.id,
      kind: LABELS.kind[a.kind],
      person: a.person.name,
      personId: a.personId,
      office: `${a.office.unitName}司法所`,
      officeId: a.officeId,
      direction: a.direction && (a.moveKind && a.moveKind !== 'exchange' ? `${LABELS.moveKind[a.moveKind]}至其他单位` : LABELS.direction[a.direction]),
      counterpart: a.counterpartKind && `${COUNTERPART_LABELS[a.counterpartKind as CounterpartKind]} ${a.counterpartName ?? ''}`,
      incomingPosition: a.incomingPosition && POSITION_LABELS[a.incomingPosition as StaffPosition],
      startDate: a.startDate,
      endDate: a.endDate ?? '',
      status: LABELS.status[a.status],
      approval: a.approvalDocumentNumber && `${LABELS.approvalAuthority[a.approvalAuthority!]}${a.approvalDocumentNumber}（${formatDate(a.approvalDate ?? '')}）`,
      headcountReason: a.headcountReason,
      qualificationJustification: a.qualificationJustification,
      successor: a.successor?.name,
      isRotationOut: a.kind === 'rotation' && a.direction === 'out',
      note: a.note,
      nextStatuses: next.map((value) => ({ value, label: LABELS.status[value] })),
      canChange: next.length > 0,
      history: history.map((h) => ({
        at: formatShanghai(h.at),
        actor: h.actor,
        summary: h.summary,
        reasons: h.reasons && Object.entries(h.reasons).map(([k, v]) => `${k}：${v}`).join('；'),
      })),
      errors,
      error: refusal?.message ?? (Object.keys(errors).length ? FORM_MESSAGES.fixMarked : undefined),
      violations: refusal?.violations?.map(violationView),
      reports: (state.reports ?? refusal?.reports)?.map(violationView),
      notice,
      handover: state.handover,
    };
  }

  /** The scope of a report from its query: district id (empty = city), date, period (default: the date's year). */
  reportScope(query: { district?: string; date?: string; from?: string; to?: string }): ReportScope {
    const date = query.date && isIsoDate(query.date) ? query.date : this.reports.today();
    const year = date.slice(0, 4);
    return {
      districtId: optionalId(query.district) ?? null,
      date,
      period: { startDate: query.from && isIsoDate(query.from) ? query.from : `${year}-01-01`, endDate: query.to && isIsoDate(query.to) ? query.to : `${year}-12-31` },
    };
  }

  /** The reports page for a query (district, date, from, to). */
  async reportPage(query: { district?: string; date?: string; from?: string; to?: string }) {
    const scope = this.reportScope(query);
    const report = await this.reports.report(scope);
    const { districts } = await this.views.units();
    const q = new URLSearchParams({ ...(scope.districtId ? { district: String(scope.districtId) } : {}), date: scope.date, from: scope.period.startDate, to: scope.period.endDate! });
    return {
      title: `人员配备统计（${report.scope.label}）`,
      report,
      query: q.toString(),
      districts: districts.map((d) => ({ id: d.id, name: d.name, selected: d.id === scope.districtId })),
      period: formatRange(scope.period),
      rotationsOut: report.rotations.out.length,
      rotationsIn: report.rotations.in.length,
    };
  }

  /** One office: figures on today, population/area form, timeline. */
  async officePage(officeId: number, values?: Record<string, string>, errors: Record<string, string> = {}, notice?: string, refusal?: Refusal | { reports: Violation[] }) {
    const office = await this.reports.office(officeId);
    const i = office.postIncrease;
    const [line] = (await this.reports.report({ districtId: null, date: this.reports.today(), period: { startDate: '1900-01-01', endDate: null } })).offices.filter((o) => o.officeId === officeId);
    return {
      title: office.office,
      office,
      line,
      fields: values ?? {
        population: office.population?.toString() ?? '', areaKm2: office.areaKm2?.toString() ?? '', approvedPosts: office.approvedPosts?.toString() ?? '',
        postIncreaseGround: i?.ground ?? '', postIncreaseNote: i?.note ?? '', postIncreaseApprovedBy: i?.approvedBy ?? '', postIncreaseApprovedOn: i?.approvedOn ?? '', postIncreaseReference: i?.reference ?? '',
      },
      groundOptions: options(POST_INCREASE_GROUND_LABELS, (values ?? {}).postIncreaseGround ?? i?.ground),
      posts: office.approvedPosts ?? 4,
      postsRecorded: office.approvedPosts !== null,
      errors,
      notice,
      error: refusal && 'message' in refusal ? refusal.message : Object.keys(errors).length ? FORM_MESSAGES.fixMarked : undefined,
      violations: refusal && 'violations' in refusal ? refusal.violations?.map(violationView) : undefined,
      reports: refusal?.reports?.map(violationView),
    };
  }
}
