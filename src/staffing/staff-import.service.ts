import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { Justifications, Proposal, StaffingChange, Violation } from './rules/staffing-facts';
import { StaffMember } from './staff-member.entity';
import { parseStaffFile, StaffRow, StaffRowError } from './staff-register/parse-staff-file';
import { StaffRecordInput } from './staff-register/staff-record';
import { codesOf, factsOf, justificationReasons, STAFF_FIELDS } from './staff.service';
import { toStaffFacts } from './staffing-facts.mapper';
import { diff, LoadedState, reasonsOf, StaffingLedgerService } from './staffing-ledger.service';
import { FORM_MESSAGES, STAFFING_MESSAGES } from './staffing-messages';
import { newDirectors } from './rules/new-directors';
import { TrainingHandover } from './training-handover.entity';
import { TrainingHandoverService } from './training-handover.service';

/** What an import did, and the 'report' findings (tasks 12, 18) to show. */
export interface StaffImportResult {
  created: number;
  updated: number;
  unchanged: number;
  reports: Violation[];
  /** Training hand-overs started because a row made someone an office's director (issue 14). */
  handovers: TrainingHandover[];
}

interface PlannedRow {
  row: StaffRow;
  existing: StaffMember | null;
  change: StaffingChange & { subject: 'staff' };
  changed: boolean;
}

/**
 * Imports the staff register from CSV or Excel, all or nothing, like the roster import: every row
 * is read (format, codes, duplicates), then every changed row is judged by every staffing rule
 * together; any problem refuses the whole file with the list of row errors (Chinese), and nothing
 * is written. Rows are matched to the register by 人员编号; people not in the file are kept.
 */
@Injectable()
export class StaffImportService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly ledger: StaffingLedgerService,
    private readonly handovers: TrainingHandoverService,
  ) {}

  /**
   * Reasons (tasks 12, 21) apply to one office: `reasonOfficeCode` (9 digits), or the one office the
   * file's changes touch; a reason for a file touching several offices without the code is refused.
   * @throws DomainError IMPORT_INVALID (422) with `details` = the row errors.
   */
  async import(file: { buffer: Buffer; filename: string }, given: Justifications, actor: string, reasonOfficeCode = '', proposal: Proposal | null = null): Promise<StaffImportResult> {
    const runs = await this.handovers.listRuns();
    const outcome = await this.transactions.run(async (m) => {
      const loaded = await this.ledger.load(m);
      const parsed = await parseStaffFile(file, codesOf(loaded));
      if (parsed.errors.length) throw invalid(parsed.errors);
      const planned = plan(loaded, parsed.rows);
      const changed = planned.filter((p) => p.changed);
      const justifications = scopeReasons(loaded, given, reasonOfficeCode.trim(), changed, proposal !== null);
      if (proposal) for (const p of changed) if ([p.change.before?.officeId, p.change.after.officeId].includes(justifications.officeId)) p.change.proposal = proposal;
      const result = this.ledger.check(loaded.state, changed.map((p) => p.change), justifications);
      const errors = rowErrors(result.blocking, changed);
      if (errors.length) throw invalid(errors);
      const savedByFact = new Map<number, StaffMember>();
      for (const { row, existing, change } of changed) {
        const saved = await m.save(StaffMember, { ...(existing ?? {}), ...row.record });
        savedByFact.set(change.after.id, saved);
        await this.ledger.record(m, actor, [
          {
            subjectType: 'staff',
            subjectId: saved.id,
            action: 'imported',
            summary: `导入${existing ? '更新' : '登记'}人员${row.record.name}（${row.record.staffNumber}，第${row.line}行，文件${file.filename}）`,
            changes: diff(existing as StaffRecordInput | null, row.record, STAFF_FIELDS),
            reasons: reasonsOf(justificationReasons(justifications)),
          },
        ]);
      }
      const found = newDirectors(loaded.state, changed.map((p) => p.change));
      const handovers = await this.handovers.beginForNewDirectors(m, runs, loaded, found, (id) => savedByFact.get(id) ?? loaded.staff.get(id));
      const created = changed.filter((p) => !p.existing).length;
      return { created, updated: changed.length - created, unchanged: planned.length - changed.length, reports: result.reports, handovers };
    });
    return { ...outcome, handovers: await this.handovers.processAll(outcome.handovers) };
  }
}

/** The reasons with the one office they are for. @throws DomainError IMPORT_INVALID when that office is unknown or ambiguous. */
function scopeReasons(loaded: LoadedState, given: Justifications, code: string, changed: PlannedRow[], proposal: boolean): Justifications {
  if (!given.headcount?.trim() && !given.qualification?.trim() && !proposal) return { ...given, officeId: null };
  if (code) {
    const office = codesOf(loaded).offices.get(code);
    if (!office) throw invalid([{ line: 0, field: 'reasonOfficeCode', message: FORM_MESSAGES.reasonOfficeUnknown(code) }]);
    return { ...given, officeId: office.id };
  }
  const offices = new Set(changed.flatMap(({ change: c }) => [c.before?.officeId, c.after.officeId]).filter((id): id is number => id != null));
  if (offices.size !== 1) throw invalid([{ line: 0, field: 'reasonOfficeCode', message: STAFFING_MESSAGES.task12ReasonOfficeAmbiguous }]);
  return { ...given, officeId: [...offices][0] };
}

function plan(loaded: LoadedState, rows: StaffRow[]): PlannedRow[] {
  const byNumber = new Map([...loaded.staff.values()].map((s) => [s.staffNumber.toLowerCase(), s]));
  return rows.map((row, index) => {
    const existing = byNumber.get(row.record.staffNumber.toLowerCase()) ?? null;
    const after = factsOf(row.record, existing?.id ?? -(index + 1));
    const changed = !existing || Object.keys(diff(existing as StaffRecordInput, row.record, STAFF_FIELDS)).length > 0;
    return { row, existing, changed, change: { subject: 'staff', before: existing && toStaffFacts(existing), after } };
  });
}

/** Each violation on the rows it concerns: its people, or the rows touching its office. */
function rowErrors(violations: Violation[], rows: PlannedRow[]): StaffRowError[] {
  const errors: StaffRowError[] = [];
  for (const v of violations) {
    const people = new Set(v.subjects.filter((s) => s.type === 'staff').map((s) => s.id));
    const offices = new Set(v.subjects.filter((s) => s.type === 'office').map((s) => s.id));
    const concerned = rows.filter(({ change: c }) =>
      people.size ? people.has(c.after.id) : [c.before?.officeId, c.after.officeId].some((id) => id != null && offices.has(id)),
    );
    const lines = concerned.map((p) => p.row.line);
    const hint = v.rule.startsWith('TASK_13_DEDICATED_POST') ? FORM_MESSAGES.importHintApproval : v.rule === 'TASK_15_PROPOSAL' ? FORM_MESSAGES.importHintProposal : '';
    const where = lines.length ? FORM_MESSAGES.lines(lines) : '';
    errors.push({ line: lines[0] ?? 0, field: v.rule, message: `${where}${v.message}${hint}` });
  }
  return errors.sort((a, b) => a.line - b.line);
}

function invalid(errors: StaffRowError[]): DomainError {
  return new DomainError('IMPORT_INVALID', STAFFING_MESSAGES.importRefused(errors.length), errors);
}
