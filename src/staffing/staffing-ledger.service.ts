import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { toShanghaiParts } from '../common/shanghai-time';
import { District } from '../organisation/district.entity';
import { JudicialOffice } from '../organisation/judicial-office.entity';
import { OfficeProfile } from './office-profile.entity';
import { checkChange, CheckResult } from './rules/check-change';
import { Justifications, StaffingChange, StaffingPolicy, StaffingState, Violation } from './rules/staffing-facts';
import { applyChanges } from './rules/staffing-state';
import { StaffMember } from './staff-member.entity';
import { StaffingAssignment } from './staffing-assignment.entity';
import { toAssignmentFacts, toOfficeFacts, toStaffFacts } from './staffing-facts.mapper';
import { HistorySubject, StaffingHistory } from './staffing-history.entity';
import { STAFFING_MESSAGES } from './staffing-messages';

/** The state read from the database, with the entities by id for the writers. */
export interface LoadedState {
  state: StaffingState;
  staff: Map<number, StaffMember>;
  assignments: Map<number, StaffingAssignment>;
  offices: Map<number, JudicialOffice>;
  districts: Map<number, District>;
}

/** One append-only history entry (who is `actor`, when is the clock). */
export interface HistoryEntry {
  subjectType: HistorySubject;
  subjectId: number;
  action: string;
  summary: string;
  changes?: Record<string, [unknown, unknown]>;
  reasons?: Record<string, string> | null;
}

/** Details of a STAFFING_RULES_VIOLATED refusal (HTTP 422): every blocking violation, and the reports. */
export interface RefusalDetails {
  violations: Violation[];
  reports: Violation[];
}

/**
 * The one place staffing changes are judged: loads the register in the caller's transaction, runs
 * every pure rule (src/staffing/rules) on before/after, refuses with ALL blocking violations, and
 * writes the append-only history.
 */
@Injectable()
export class StaffingLedgerService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'staffing'>,
  ) {}

  /** The deployment's dates for the rules (tasks 15, 17, 18). */
  policy(): StaffingPolicy {
    return this.config.staffing;
  }

  /** Today in Shanghai, 'YYYY-MM-DD'. */
  today(): string {
    return toShanghaiParts(this.clock.now()).date;
  }

  /** Districts (by code) with their offices (by code), for forms and code lookups. */
  async units(m: EntityManager): Promise<{ districts: District[]; offices: JudicialOffice[] }> {
    const districts = await m.find(District, { order: { code: 'ASC' } });
    const offices = await m.find(JudicialOffice, { order: { code: 'ASC' } });
    return { districts, offices };
  }

  /** Everything the rules read, in the caller's transaction. */
  async load(m: EntityManager): Promise<LoadedState> {
    // One after another: a transaction is one connection, and node-postgres refuses (from pg 9)
    // a query while the connection still runs another.
    const districts = await m.find(District);
    const offices = await m.find(JudicialOffice);
    const profiles = await m.find(OfficeProfile);
    const staff = await m.find(StaffMember);
    const assignments = await m.find(StaffingAssignment);
    const profileOf = new Map(profiles.map((p) => [p.officeId, p]));
    return {
      state: {
        districts: districts.map((d) => ({ id: d.id, name: d.name })),
        offices: offices.map((o) => toOfficeFacts(o, profileOf.get(o.id))),
        staff: staff.map(toStaffFacts),
        assignments: assignments.map(toAssignmentFacts),
      },
      staff: new Map(staff.map((s) => [s.id, s])),
      assignments: new Map(assignments.map((a) => [a.id, a])),
      offices: new Map(offices.map((o) => [o.id, o])),
      districts: new Map(districts.map((d) => [d.id, d])),
    };
  }

  /** Runs every rule on `changes` applied to `before`, as of today (Shanghai). */
  check(before: StaffingState, changes: StaffingChange[], justifications: Justifications): CheckResult {
    return checkChange({ before, after: applyChanges(before, changes), changes, today: this.today(), justifications, policy: this.policy() });
  }

  /**
   * Judges `changes` against `before`. Extra blocking violations found by the caller (e.g. the
   * hand-over's contact check) are refused together with the rules' findings.
   * @returns the 'report' findings (tasks 12, 18) to show after saving.
   * @throws DomainError STAFFING_RULES_VIOLATED with RefusalDetails when anything blocks.
   */
  enforce(before: StaffingState, changes: StaffingChange[], justifications: Justifications, extra: Violation[] = []): Violation[] {
    const result = this.check(before, changes, justifications);
    const blocking = [...extra, ...result.blocking];
    if (blocking.length) {
      const details: RefusalDetails = { violations: blocking, reports: result.reports };
      throw new DomainError('STAFFING_RULES_VIOLATED', STAFFING_MESSAGES.refused(blocking.length), details);
    }
    return result.reports;
  }

  /** The district each entry concerns: an office's, a staff member's, or the office of an assignment. */
  private async districtsOf(m: EntityManager, entries: HistoryEntry[]): Promise<Map<string, number | null>> {
    const ids = (type: HistorySubject) => [...new Set(entries.filter((e) => e.subjectType === type).map((e) => e.subjectId))];
    const offices = new Map((await m.find(JudicialOffice, { select: { id: true, districtId: true } })).map((o) => [o.id, o.districtId]));
    const out = new Map<string, number | null>();
    for (const id of ids('office')) out.set(`office:${id}`, offices.get(id) ?? null);
    const staff = ids('staff');
    for (let i = 0; i < staff.length; i += 500) {
      for (const s of await m.find(StaffMember, { where: { id: In(staff.slice(i, i + 500)) }, select: { id: true, districtId: true } })) out.set(`staff:${s.id}`, s.districtId);
    }
    const assignments = ids('assignment');
    for (let i = 0; i < assignments.length; i += 500) {
      for (const a of await m.find(StaffingAssignment, { where: { id: In(assignments.slice(i, i + 500)) }, select: { id: true, officeId: true } })) {
        out.set(`assignment:${a.id}`, offices.get(a.officeId) ?? null);
      }
    }
    return out;
  }

  /** Appends history entries in the caller's transaction. */
  async record(m: EntityManager, actor: string, entries: HistoryEntry[]): Promise<void> {
    if (!entries.length) return;
    const at = this.clock.now();
    const rows = entries.map((e) => m.create(StaffingHistory, { ...e, changes: e.changes ?? {}, reasons: e.reasons ?? null, actor, at }));
    await m.save(rows, { chunk: 200 });
    // The same changes in the product-wide audit log (issue 6), before → after per field, with the
    // district they concern so district coordinators see their own district's entries.
    const districtOf = await this.districtsOf(m, entries);
    for (const e of entries) {
      const changes = Object.entries(e.changes ?? {});
      await this.audit.record(m, {
        action: `staffing.${e.subjectType}.${e.action}`,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        districtId: districtOf.get(`${e.subjectType}:${e.subjectId}`) ?? null,
        before: Object.fromEntries(changes.map(([field, [old]]) => [field, old])),
        after: { ...Object.fromEntries(changes.map(([field, [, now]]) => [field, now])), ...(e.reasons ? { reasons: e.reasons } : {}) },
      });
    }
  }
}

/** Fields that differ between two records: { field: [old, new] }. */
export function diff<T extends object>(before: T | null, after: T, fields: (keyof T)[]): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const field of fields) {
    const old = before ? before[field] : null;
    if (old !== after[field]) out[String(field)] = [old, after[field]];
  }
  return out;
}

/** Non-empty reasons only. */
export function reasonsOf(values: Record<string, string | null | undefined>): Record<string, string> | null {
  const kept = Object.entries(values).filter(([, v]) => v && v.trim()) as [string, string][];
  return kept.length ? Object.fromEntries(kept) : null;
}
