import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { Approval, Justifications, Proposal, StaffFacts, Violation } from './rules/staffing-facts';
import { StaffMember } from './staff-member.entity';
import { StaffingListsService, StaffListFilter } from './staffing-lists.service';
import { StaffRecordInput, UnitCodes } from './staff-register/staff-record';
import { buildStaffWorkbook } from './staff-register/staff-workbook';
import { addAssignmentSheet } from './reports/assignment-sheet';
import { assignmentLine } from './reports/staffing-report';
import { toStaffFacts } from './staffing-facts.mapper';
import { formatDate } from './rules/date-ranges';
import { diff, LoadedState, reasonsOf, StaffingLedgerService } from './staffing-ledger.service';
import { newDirectors } from './rules/new-directors';
import { TrainingHandover } from './training-handover.entity';
import { TrainingHandoverService } from './training-handover.service';
import { FORM_MESSAGES as F } from './staffing-messages';

/** Register fields compared for history and "unchanged". */
export const STAFF_FIELDS: (keyof StaffRecordInput)[] = [
  'staffNumber', 'name', 'unitKind', 'officeId', 'districtId', 'unitName', 'position', 'leadingCadre', 'postType', 'employment', 'education',
  'lawDegree', 'certificateHeld', 'certificateNumber', 'certificateDate', 'startDate', 'newlyHired', 'hiredOn', 'mobile', 'email',
];

/** What the organiser records with a register change. */
export interface StaffChangeOptions {
  justifications: Justifications;
  /** Task 13: consent to move a dedicated-post person out of an office. */
  approval?: Approval | null;
  /** Task 15: the district bureau's proposal for an appointment or move. */
  proposal?: Proposal | null;
  actor: string;
}

/** Filters of the register list and export. */
export type StaffFilter = StaffListFilter;

/** Facts of a record about to be written (`id` negative when new). */
export function factsOf(record: StaffRecordInput, id: number): StaffFacts {
  return toStaffFacts({ ...record, id } as StaffMember);
}

/**
 * The staff register (issue #5): create and edit people, each change judged by every staffing rule
 * in the same transaction as the write, with an append-only history entry.
 */
@Injectable()
export class StaffService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly ledger: StaffingLedgerService,
    private readonly handovers: TrainingHandoverService,
    private readonly lists: StaffingListsService,
  ) {}

  /** The unit codes of the organisation (office 9-digit, district 6-digit). */
  async unitCodes(m?: EntityManager): Promise<UnitCodes> {
    const work = async (tx: EntityManager) => codesOf(await this.ledger.load(tx));
    return m ? work(m) : this.transactions.read(work);
  }

  /** Register records, by district code, unit and staff number; filtered as the register list is (see StaffingListsService). */
  list(filter: StaffFilter = {}): Promise<StaffMember[]> {
    return this.lists.staffAll(filter);
  }

  /** One record with its office and district. @throws DomainError NOT_FOUND. */
  async get(id: number): Promise<StaffMember> {
    const found = await this.transactions.read((m) => m.findOne(StaffMember, { where: { id }, relations: { office: true, district: true } }));
    if (!found) throw new DomainError('NOT_FOUND', `人员${id}不存在。`);
    return found;
  }

  /** The register (filtered) as .xlsx in the import's format, plus a sheet of assignments. */
  async exportWorkbook(filter: StaffFilter = {}): Promise<Buffer> {
    const people = await this.list(filter);
    const ids = new Set(people.map((p) => p.id));
    const loaded = await this.transactions.read((m) => this.ledger.load(m));
    const lines = loaded.state.assignments.filter((a) => ids.has(a.personId)).map((a) => ({ kind: a.kind, line: assignmentLine(loaded.state, a) }));
    const rows = people.map((p) => ({ ...p, unitCode: p.office?.code ?? (p.unitKind === 'city_bureau' ? '' : p.district?.code ?? '') }));
    return buildStaffWorkbook(rows, (workbook) => addAssignmentSheet(workbook, lines));
  }

  /**
   * Creates (no `id`) or updates a register record.
   * @returns the record's id and the 'report' findings (tasks 12, 18).
   * @throws DomainError NOT_FOUND; STAFFING_RULES_VIOLATED (422) listing every violation, nothing written.
   */
  async save(record: StaffRecordInput, options: StaffChangeOptions, id?: number): Promise<{ id: number; reports: Violation[]; handovers: TrainingHandover[] }> {
    const runs = await this.handovers.listRuns();
    const outcome = await this.transactions.run(async (m) => {
      const loaded = await this.ledger.load(m);
      const existing = id === undefined ? null : loaded.staff.get(id);
      if (existing === undefined) throw new DomainError('NOT_FOUND', `人员${id}不存在。`);
      const extra = numberTaken(loaded, record.staffNumber, existing?.id);
      const change = { subject: 'staff' as const, before: existing && toStaffFacts(existing), after: factsOf(record, existing?.id ?? -1), approval: options.approval, proposal: options.proposal };
      const reports = this.ledger.enforce(loaded.state, [change], options.justifications, extra);
      const saved = await m.save(StaffMember, { ...(existing ?? {}), ...record });
      await this.ledger.record(m, options.actor, [
        {
          subjectType: 'staff',
          subjectId: saved.id,
          action: existing ? 'updated' : 'created',
          summary: `${existing ? '修改' : '登记'}人员${record.name}（${record.staffNumber}）`,
          changes: diff(existing as StaffRecordInput | null, record, STAFF_FIELDS),
          reasons: reasonsOf({ ...justificationReasons(options.justifications), ...approvalReasons(options.approval), ...proposalReasons(loaded, options.proposal) }),
        },
      ]);
      const found = newDirectors(loaded.state, [change]);
      const handovers = await this.handovers.beginForNewDirectors(m, runs, loaded, found, (factId) => (factId === change.after.id ? saved : loaded.staff.get(factId)));
      return { id: saved.id, reports, handovers };
    });
    return { ...outcome, handovers: await this.handovers.processAll(outcome.handovers) };
  }
}

/** The unit codes of a loaded state. */
export function codesOf(loaded: LoadedState): UnitCodes {
  return {
    offices: new Map([...loaded.offices.values()].map((o) => [o.code, { id: o.id, districtId: o.districtId }])),
    districts: new Map([...loaded.districts.values()].map((d) => [d.code, d.id])),
  };
}

function numberTaken(loaded: LoadedState, staffNumber: string, ownId?: number): Violation[] {
  const other = [...loaded.staff.values()].find((s) => s.staffNumber.toLowerCase() === staffNumber.toLowerCase() && s.id !== ownId);
  if (!other) return [];
  return [{ rule: 'STAFF_NUMBER_TAKEN', severity: 'hard', message: F.staffNumberTaken(staffNumber, other.name), subjects: [{ type: 'staff', id: other.id }] }];
}

/** History reasons of the justifications (tasks 12, 21). */
export function justificationReasons(j: Justifications): Record<string, string | null | undefined> {
  return { 任务12理由: j.headcount, 任务21说明: j.qualification };
}

/** History reasons of a task 15 proposal: 任务15建议 = 黄浦区司法局（2021年4月1日）. */
export function proposalReasons(loaded: LoadedState, p: Proposal | null | undefined): Record<string, string | null | undefined> {
  if (!p) return {};
  return { 任务15建议: `${loaded.districts.get(p.districtId)?.name ?? ''}司法局（${formatDate(p.date)}）` };
}

/** History reasons of a task 13 approval. */
export function approvalReasons(a: Approval | null | undefined): Record<string, string | null | undefined> {
  if (!a) return {};
  return { 任务13同意文件: `${a.authority === 'city_bureau' ? '市司法局' : '区司法局'}${a.documentNumber}（${formatDate(a.date)}）` };
}
