import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { AssignmentFacts, Approval, Justifications, Proposal, StaffingChange, Violation } from './rules/staffing-facts';
import { formatRange } from './rules/date-ranges';
import { StaffMember } from './staff-member.entity';
import { StaffingAssignment } from './staffing-assignment.entity';
import { assignmentColumns, toAssignmentFacts } from './staffing-facts.mapper';
import { diff, HistoryEntry, LoadedState, reasonsOf, StaffingLedgerService } from './staffing-ledger.service';
import { ASSIGNMENT_KIND_LABELS, ASSIGNMENT_STATUS_LABELS, AssignmentStatus } from './staffing-terms';
import { approvalReasons, justificationReasons, proposalReasons } from './staff.service';
import { successorChange } from './successor';
import { newDirectors } from './rules/new-directors';
import { TrainingHandoverService } from './training-handover.service';
import { TrainingHandover } from './training-handover.entity';
import { FORM_MESSAGES } from './staffing-messages';

/** A new assignment as the organiser enters it; a liaison may name several offices (one row each). Dates: Shanghai 'YYYY-MM-DD'. */
export type AssignmentInput = Omit<AssignmentFacts, 'id' | 'officeId' | 'approval'> & {
  officeIds: number[];
  approval: Approval | null;
  /** Rotation of a director out: the incoming director (training hand-over). */
  successorId: number | null;
  /** Task 15: the district bureau's proposal for appointing the successor. */
  proposal: Proposal | null;
  note: string | null;
};

/** A change of status and/or dates. */
export interface AssignmentPatch {
  status?: AssignmentStatus;
  startDate?: string;
  endDate?: string | null;
}

/** What a saved change did. */
export interface AssignmentOutcome {
  ids: number[];
  reports: Violation[];
  handover: TrainingHandover | null;
}

/**
 * Placements and liaison (task 19), rotations (task 21) and contact points (task 27). Every change
 * is judged by every staffing rule in the transaction that writes it, with a history entry; a
 * director's rotation out may start a training hand-over, processed after the commit.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly ledger: StaffingLedgerService,
    private readonly handovers: TrainingHandoverService,
  ) {}

  /** @throws DomainError STAFFING_RULES_VIOLATED (422) listing every violation; nothing written. */
  async create(input: AssignmentInput, justifications: Justifications, actor: string): Promise<AssignmentOutcome> {
    const runs = await this.handovers.listRuns();
    const outcome = await this.transactions.run(async (m) => {
      const loaded = await this.ledger.load(m);
      const { officeIds, successorId, note, proposal, ...fields } = input;
      const facts = officeIds.map((officeId, i): AssignmentFacts => ({ ...fields, id: -(i + 1), officeId }));
      const changes: StaffingChange[] = facts.map((after) => ({ subject: 'assignment', before: null, after }));
      const office = officeIds.length === 1 ? loaded.offices.get(officeIds[0]) : undefined;
      const succession = successorId && office ? successorChange(loaded, successorId, office, input.startDate, input.personId, proposal) : null;
      const reports = this.ledger.enforce(loaded.state, [...changes, ...(succession?.changes ?? [])], justifications, succession?.extra);
      const rows = await m.save(
        facts.map((f) =>
          m.create(StaffingAssignment, {
            ...assignmentColumns(f),
            successorId,
            note,
            headcountReason: justifications.headcount?.trim() || null,
            qualificationJustification: justifications.qualification?.trim() || null,
          }),
        ),
      );
      const reasons = reasonsOf({ ...justificationReasons(justifications), ...approvalReasons(input.approval), ...proposalReasons(loaded, proposal) });
      const person = loaded.staff.get(input.personId)!;
      await this.ledger.record(m, actor, rows.map((r) => ({ subjectType: 'assignment', subjectId: r.id, action: 'created', summary: describe(r, person), changes: diff(null, toAssignmentFacts(r), ['status', 'startDate', 'endDate']), reasons })));
      if (succession?.changes.length) await this.appointSuccessor(m, loaded, succession.changes, actor, reasons);
      const rotationOut = rows.length === 1 ? await this.handovers.begin(m, runs, rows[0], person, loaded.offices.get(rows[0].officeId)!) : null;
      const [rotationIn] = await this.handovers.beginForNewDirectors(m, runs, loaded, newDirectors(loaded.state, changes), (id) => loaded.staff.get(id));
      const handover = rotationOut ?? rotationIn ?? null;
      return { ids: rows.map((r) => r.id), reports, handover };
    });
    return this.afterCommit(outcome);
  }

  /** Changes status and/or dates. @throws DomainError NOT_FOUND, STAFFING_RULES_VIOLATED. */
  async update(id: number, patch: AssignmentPatch, justifications: Justifications, actor: string): Promise<AssignmentOutcome> {
    return this.transactions.run(async (m) => {
      const loaded = await this.ledger.load(m);
      const row = this.found(loaded, id);
      const before = toAssignmentFacts(row);
      const after: AssignmentFacts = { ...before, ...patch };
      const reports = this.ledger.enforce(loaded.state, [{ subject: 'assignment', before, after }], justifications);
      await m.update(StaffingAssignment, id, assignmentColumns(after));
      const changes = diff(before, after, ['status', 'startDate', 'endDate']);
      const action = changes.status ? 'status' : 'dates';
      const summary = changes.status
        ? `状态由“${ASSIGNMENT_STATUS_LABELS[before.status]}”改为“${ASSIGNMENT_STATUS_LABELS[after.status]}”`
        : `日期由${formatRange(before)}改为${formatRange(after)}`;
      await this.ledger.record(m, actor, [{ subjectType: 'assignment', subjectId: id, action, summary, changes, reasons: reasonsOf(justificationReasons(justifications)) }]);
      return { ids: [id], reports, handover: null };
    });
  }

  /**
   * Names the incoming director for a director's rotation out (appointing them in the register,
   * judged by every rule) and resumes the training hand-over.
   */
  async setSuccessor(rotationId: number, successorId: number, justifications: Justifications, actor: string, proposal: Proposal | null = null): Promise<AssignmentOutcome> {
    const outcome = await this.transactions.run(async (m) => {
      const loaded = await this.ledger.load(m);
      const row = this.found(loaded, rotationId);
      if (row.kind !== 'rotation' || row.direction !== 'out') throw new DomainError('INVALID_STATE', FORM_MESSAGES.successorOnlyRotationOut);
      const { changes, extra } = successorChange(loaded, successorId, loaded.offices.get(row.officeId)!, row.startDate, row.personId, proposal);
      const reports = this.ledger.enforce(loaded.state, changes, justifications, extra);
      await m.update(StaffingAssignment, rotationId, { successorId });
      const reasons = reasonsOf({ ...justificationReasons(justifications), ...proposalReasons(loaded, proposal) });
      await this.ledger.record(m, actor, [{ subjectType: 'assignment', subjectId: rotationId, action: 'successor', summary: `指定接任所长：${loaded.staff.get(successorId)!.name}`, changes: { successorId: [row.successorId, successorId] }, reasons }]);
      if (changes.length) await this.appointSuccessor(m, loaded, changes, actor, reasons);
      return { ids: [rotationId], reports, handover: await this.handovers.setSuccessor(m, rotationId, successorId) };
    });
    return this.afterCommit(outcome);
  }

  private async appointSuccessor(m: EntityManager, loaded: LoadedState, changes: StaffingChange[], actor: string, reasons: Record<string, string> | null) {
    for (const change of changes) {
      if (change.subject !== 'staff') continue;
      const { unitKind, officeId, districtId, unitName, position, startDate } = change.after;
      await m.update(StaffMember, change.after.id, { unitKind, officeId, districtId, unitName, position, startDate });
      const entry: HistoryEntry = { subjectType: 'staff', subjectId: change.after.id, action: 'updated', summary: `任命为${loaded.offices.get(officeId!)?.unitName}司法所所长（接任）`, changes: diff(change.before, change.after, ['unitKind', 'officeId', 'position', 'startDate']), reasons };
      await this.ledger.record(m, actor, [entry]);
    }
  }

  private async afterCommit(outcome: AssignmentOutcome): Promise<AssignmentOutcome> {
    if (outcome.handover?.status === 'pending') outcome.handover = await this.handovers.process(outcome.handover.id);
    return outcome;
  }

  private found(loaded: LoadedState, id: number): StaffingAssignment {
    const row = loaded.assignments.get(id);
    if (!row) throw new DomainError('NOT_FOUND', `记录${id}不存在。`);
    return row;
  }
}

function describe(a: StaffingAssignment, person: StaffMember): string {
  return `登记${ASSIGNMENT_KIND_LABELS[a.kind]}：${person.name}，${formatRange(a)}`;
}
