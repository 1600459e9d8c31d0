import { FORM_MESSAGES } from './staffing-messages';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { District } from '../organisation/district.entity';
import { JudicialOffice } from '../organisation/judicial-office.entity';
import { Violation } from './rules/staffing-facts';
import { StaffMember } from './staff-member.entity';
import { UnitCodes } from './staff-register/staff-record';
import { StaffService } from './staff.service';
import { StaffingLedgerService } from './staffing-ledger.service';
import { readStaffForm } from './staffing-forms';
import { StaffingReportsService } from './staffing-reports.service';
import { LABELS, options, staffFormValues, violationView } from './staffing-view-models';
import { ASSIGNMENT_KIND_LABELS, ASSIGNMENT_STATUS_LABELS, DIRECTION_LABELS } from './staffing-terms';
import { StaffingAssignment } from './staffing-assignment.entity';
import { StaffingHistory } from './staffing-history.entity';
import { formatShanghai } from '../common/shanghai-time';
import { formatRange } from './rules/date-ranges';

/** A refused change as the page shows it. */
export interface Refusal {
  message: string;
  violations?: Violation[];
  reports?: Violation[];
  rowErrors?: { line: number; message: string }[];
}

/** What a re-rendered page shows: values as submitted, field errors, a refusal, a notice, report findings. */
export interface PageState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  refusal?: Refusal;
  notice?: string;
  reports?: Violation[];
  /** A training hand-over started or resumed by the change (issue #5). */
  handover?: { status: string; outcome: string | null; error: string | null };
}

/** Reads a DomainError into what a re-rendered page shows. */
export function refusalOf(error: DomainError): Refusal {
  const details = error.details as { violations?: Violation[]; reports?: Violation[] } | { line: number; message: string }[] | undefined;
  if (Array.isArray(details)) return { message: error.message, rowErrors: details };
  return { message: error.message, violations: details?.violations, reports: details?.reports };
}

const HANDOVER_STATUS: Record<string, string> = { pending: '处理中', awaiting_successor: '待指定接任所长', done: '已完成', failed: '失败（可重试）' };

/** View models of the staffing dashboard and the register pages (zh-CN). */
@Injectable()
export class StaffingViewsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly ledger: StaffingLedgerService,
    private readonly staff: StaffService,
    private readonly reports: StaffingReportsService,
  ) {}

  /** Districts with their offices, and the codes, for selects and form reading. */
  async units(): Promise<{ districts: (District & { offices: JudicialOffice[] })[]; codes: UnitCodes }> {
    const { districts, offices } = await this.transactions.read((m) => this.ledger.units(m));
    const codes: UnitCodes = { offices: new Map(offices.map((o) => [o.code, { id: o.id, districtId: o.districtId }])), districts: new Map(districts.map((d) => [d.code, d.id])) };
    return { districts: districts.map((d) => Object.assign(d, { offices: offices.filter((o) => o.districtId === d.id) })), codes };
  }

  /** The staffing home page: links and the hand-over notices. */
  async dashboard(notice?: string) {
    const handovers = await this.reports.handovers();
    return {
      title: '人员配备',
      notice,
      kinds: Object.entries(ASSIGNMENT_KIND_LABELS).map(([value, label]) => ({ value, label })),
      handovers: handovers.map((h) => ({
        id: h.id,
        rotationId: h.rotationId,
        office: h.office,
        outgoing: h.outgoingName,
        successor: h.successor ?? '未指定',
        status: HANDOVER_STATUS[h.status],
        canRetry: h.status === 'failed' || h.status === 'awaiting_successor',
        outcome: h.outcome,
        error: h.lastError,
      })),
    };
  }

  /** The register form: new (no id) or edit; `values` as submitted when re-rendering. */
  async staffForm(id?: number, state: PageState = {}) {
    const { values, errors = {}, refusal, notice } = state;
    const { districts } = await this.units();
    const person = id === undefined ? undefined : await this.staff.get(id);
    const fields = values ?? (person ? staffFormValues(person) : { startDate: this.ledger.today() });
    const extra = person ? await this.personExtras(person) : {};
    return {
      title: person ? `人员：${person.name}` : '登记人员',
      id: person?.id,
      action: person ? `/admin/staffing/staff/${person.id}` : '/admin/staffing/staff',
      fields,
      errors,
      error: refusal?.message ?? (Object.keys(errors).length ? FORM_MESSAGES.fixMarked : undefined),
      violations: refusal?.violations?.map(violationView),
      reports: (state.reports ?? refusal?.reports)?.map(violationView),
      notice,
      options: {
        unitKind: options(LABELS.unitKind, fields.unitKind),
        position: options(LABELS.position, fields.position),
        postType: options(LABELS.postType, fields.postType),
        employment: options(LABELS.employment, fields.employment),
        education: options(LABELS.education, fields.education),
        approvalAuthority: options(LABELS.approvalAuthority, fields.approvalAuthority),
      },
      districts: districts.map((d) => ({
        code: d.code,
        name: d.name,
        selected: fields.unitCode === d.code,
        approvalSelected: fields.approvalDistrictCode === d.code,
        proposalSelected: fields.proposalDistrictCode === d.code,
        offices: d.offices.map((o) => ({ code: o.code, name: `${o.unitName}司法所`, selected: fields.unitCode === o.code })),
      })),
      ...extra,
    };
  }

  /** Reads the register form. */
  async readStaff(body: Record<string, unknown>) {
    return readStaffForm(body, (await this.units()).codes);
  }

  private async personExtras(person: StaffMember) {
    return this.transactions.read(async (m) => {
      const assignments = await m.find(StaffingAssignment, { where: [{ personId: person.id }, { successorId: person.id }], relations: { office: true }, order: { startDate: 'ASC' } });
      const history = await m.find(StaffingHistory, { where: { subjectType: 'staff', subjectId: person.id }, order: { id: 'DESC' } });
      return {
        staffNumber: person.staffNumber,
        assignments: assignments.map((a) => ({
          id: a.id,
          kind: a.kind === 'rotation' && a.direction ? DIRECTION_LABELS[a.direction] : ASSIGNMENT_KIND_LABELS[a.kind],
          office: `${a.office.unitName}司法所`,
          dates: formatRange(a),
          status: ASSIGNMENT_STATUS_LABELS[a.status],
        })),
        history: history.map((h) => ({ at: formatShanghai(h.at), actor: h.actor, summary: h.summary, reasons: h.reasons && Object.entries(h.reasons).map(([k, v]) => `${k}：${v}`).join('；') })),
      };
    });
  }
}
