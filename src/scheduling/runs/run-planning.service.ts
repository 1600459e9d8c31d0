import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { formatShanghai, isCalendarDate, sessionDays, toShanghaiParts } from '../../common/shanghai-time';
import { TransactionRunner } from '../../database/transaction-runner';
import { OrganisationService } from '../../organisation/organisation.service';
import { Registration } from '../../registrations/registration.entity';
import { readAudience, writeAudience } from '../../training/run-audience';
import { TrainingRun } from '../../training/training-run.entity';
import { TrainingSession } from '../../training/training-session.entity';
import { TrainingService } from '../../training/training.service';
import { addDays, consecutiveDates } from '../calendar/working-days';
import { proposeSchedule, ProposalRequest, ProposedSession } from '../proposal/propose-dates';
import { ScheduleCheckService, ScheduleOverride } from '../schedule-check.service';
import { Venue, venueLabel } from '../venues/venue.entity';
import { RunContact, RunInput } from './run-input';

/** One session of an accepted plan: its first day, and a venue (or a place typed by hand). */
export interface SessionPlanInput {
  firstDay: string;
  venueId?: number | null;
  /** The place when no venue is chosen (the seed's 上海市司法局培训中心). */
  venue?: string;
  capacity?: number;
}

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];

/**
 * Planning runs (issue 12): create and edit a draft, plan its sessions on working days (from a
 * proposal or by hand), open, close, archive, copy. Every change is audited in its transaction.
 * Methods taking an EntityManager run inside the caller's transaction (the seed uses them).
 */
@Injectable()
export class RunPlanningService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly training: TrainingService,
    private readonly checks: ScheduleCheckService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly organisation: OrganisationService,
  ) {}

  /** Creates a draft run. @throws DomainError VALIDATION_FAILED, NOT_FOUND (venue). */
  create(input: RunInput, slug?: string): Promise<TrainingRun> {
    return this.transactions.run((m) => this.createIn(m, input, slug));
  }

  /** `create` in the caller's transaction. */
  async createIn(m: EntityManager, input: RunInput, slug?: string): Promise<TrainingRun> {
    await this.checkVenueSeats(m, input);
    input = await this.resolveList(m, input);
    const run = await m.save(m.create(TrainingRun, { ...columns(input), slug: slug ?? `run-${this.clock.now().getTime()}-${randomBytes(3).toString('hex')}`, status: 'draft' }));
    await this.audit.record(m, { action: 'run.create', subjectType: 'run', subjectId: run.id, after: facts(run) });
    return run;
  }

  /**
   * Changes a draft run's settings.
   * @throws DomainError INVALID_STATE (not a draft), VALIDATION_FAILED (deadline after the first session).
   */
  async update(runId: number, input: RunInput): Promise<TrainingRun> {
    return this.transactions.run(async (m) => {
      const run = await this.training.run(runId, m);
      if (run.status !== 'draft') throw new DomainError('INVALID_STATE', '只有草稿状态的培训班可以修改设置；已开放的培训班请逐期调整。');
      await this.checkVenueSeats(m, input);
      input = await this.resolveList(m, input);
      const first = firstStart(run.sessions);
      if (first && input.registrationDeadline.getTime() >= first.getTime()) {
        throw new DomainError('VALIDATION_FAILED', `报名截止时间不能晚于第一期开始时间（${formatShanghai(first)}）。`);
      }
      await m.update(TrainingRun, runId, columns(input));
      const after = await this.training.run(runId, m);
      await this.audit.record(m, { action: 'run.update', subjectType: 'run', subjectId: runId, before: facts(run), after: facts(after) });
      return after;
    });
  }

  /**
   * Sets the contact person and phone participants see (issue 13, item 7), in any state but
   * archived, audited `run.contact` with before → after.
   * @throws DomainError NOT_FOUND, INVALID_STATE (archived).
   */
  async setContact(runId: number, contact: RunContact): Promise<void> {
    await this.transactions.run(async (m) => {
      const run = await this.training.run(runId, m);
      if (run.status === 'archived') throw new DomainError('INVALID_STATE', '已归档的培训班不能修改联系人。');
      await m.update(TrainingRun, runId, { contactName: contact.contactName, contactPhone: contact.contactPhone });
      const before = { contactName: run.contactName, contactPhone: run.contactPhone };
      await this.audit.record(m, { action: 'run.contact', subjectType: 'run', subjectId: runId, before, after: { ...contact } });
    });
  }

  /**
   * Sets a draft run's audience to an imported list (e-mail addresses or unit codes).
   * @returns how many people the list invites.
   * @throws DomainError INVALID_STATE (not a draft), VALIDATION_FAILED (empty list, lines matching nobody).
   */
  async importAudience(runId: number, lines: string[]): Promise<number> {
    return this.transactions.run(async (m) => {
      const run = await this.training.run(runId, m);
      if (run.status !== 'draft') throw new DomainError('INVALID_STATE', '只有草稿状态的培训班可以导入名单。');
      if (!lines.length) throw new DomainError('VALIDATION_FAILED', '名单是空的：请在第一列填写参训人员的邮箱或单位代码（首行为表头）。');
      const resolved = await this.resolveList(m, { audience: readAudience(run), audienceList: lines } as RunInput);
      const columns = writeAudience(resolved.audience);
      await m.update(TrainingRun, runId, { audienceParticipantIds: columns.audienceParticipantIds });
      await this.audit.record(m, { action: 'run.audience.import', subjectType: 'run', subjectId: runId, before: { audienceParticipantIds: run.audienceParticipantIds }, after: { audienceParticipantIds: columns.audienceParticipantIds } });
      return resolved.audience.participantIds.length;
    });
  }

  /**
   * Proposes dates for the run's sessions: consecutive working days from the day after the
   * registration deadline, avoiding days the default venue is already booked.
   * @throws DomainError VALIDATION_FAILED (bad request, range too short).
   */
  async propose(runId: number, request: Omit<ProposalRequest, 'notBefore' | 'taken'>): Promise<ProposedSession[]> {
    const run = await this.training.run(runId);
    const taken = new Set<string>();
    if (run.defaultVenueId) {
      const booked = await this.transactions.run((m) => m.findBy(TrainingSession, { venueId: run.defaultVenueId!, status: 'scheduled' }));
      for (const s of booked.filter((b) => b.runId !== run.id)) consecutiveDates(s.firstDay, s.dayCount).forEach((d) => taken.add(d));
    }
    return proposeSchedule({ ...request, notBefore: addDays(toShanghaiParts(run.registrationDeadline).date, 1), taken });
  }

  /** Sets a draft run's sessions. See `planSessionsIn`. */
  planSessions(runId: number, plan: SessionPlanInput[], override?: ScheduleOverride): Promise<TrainingSession[]> {
    return this.transactions.run(async (m) => this.planSessionsIn(m, await this.training.run(runId, m), plan, override));
  }

  /**
   * Replaces a draft run's sessions by `plan` (one session per entry, `daysPerSession` days,
   * the run's hours and seats), checked by the calendar rules.
   * @throws DomainError INVALID_STATE (not a draft, or registrations exist), VALIDATION_FAILED,
   *   NOT_FOUND (venue), SCHEDULE_CONFLICT (unless overridden).
   */
  async planSessionsIn(m: EntityManager, run: TrainingRun, plan: SessionPlanInput[], override?: ScheduleOverride): Promise<TrainingSession[]> {
    if (run.status !== 'draft') throw new DomainError('INVALID_STATE', '只有草稿状态的培训班可以重新排期；已开放的培训班请逐期调整。');
    if (plan.length < 1 || plan.length > 20) throw new DomainError('VALIDATION_FAILED', '期次数量应为 1–20。');
    if (await m.countBy(Registration, { runId: run.id })) throw new DomainError('INVALID_STATE', '该培训班已有报名记录，不能整体重新排期。');
    const rows: Partial<TrainingSession>[] = [];
    for (const [i, entry] of plan.entries()) {
      if (!isCalendarDate(entry.firstDay)) throw new DomainError('VALIDATION_FAILED', `第${ORDINALS[i]}期的日期无效，请填写如 2021-05-06 的日期。`);
      const venueId = entry.venueId === undefined ? (entry.venue ? null : run.defaultVenueId) : entry.venueId;
      const venue = venueId ? await m.findOneBy(Venue, { id: venueId }) : null;
      if (venueId && !venue) throw new DomainError('NOT_FOUND', `场地 ${venueId} 不存在。`);
      const place = venue ? venueLabel(venue) : (entry.venue ?? '').trim();
      if (!place) throw new DomainError('VALIDATION_FAILED', `请为第${ORDINALS[i]}期选择场地。`);
      const capacity = entry.capacity ?? run.sessionCapacity;
      if (!Number.isInteger(capacity) || capacity < 1) throw new DomainError('VALIDATION_FAILED', '每期容量应为正整数。');
      rows.push({ runId: run.id, ordinal: i + 1, title: `${run.title}（第${ORDINALS[i]}期）`, firstDay: entry.firstDay, dayCount: run.daysPerSession, dailyStart: run.dailyStart, dailyEnd: run.dailyEnd, venue: place, venueId: venue?.id ?? null, capacity });
    }
    const before = (run.sessions ?? []).map((s) => ({ firstDay: s.firstDay, venue: s.venue }));
    await m.delete(TrainingSession, { runId: run.id });
    await this.checks.enforce(m, run, rows.map((r) => ({ title: r.title!, firstDay: r.firstDay!, dayCount: r.dayCount!, dailyStart: r.dailyStart!, dailyEnd: r.dailyEnd!, venueId: r.venueId ?? null, capacity: r.capacity! })), override);
    const saved = await m.save(rows.map((r) => m.create(TrainingSession, r)));
    await this.audit.record(m, { action: 'run.sessions.plan', subjectType: 'run', subjectId: run.id, before, after: saved.map((s) => ({ firstDay: s.firstDay, dayCount: s.dayCount, venue: s.venue, capacity: s.capacity })) });
    return saved;
  }

  /** Open → closed: participants can no longer change anything. @throws DomainError INVALID_STATE. */
  close(runId: number): Promise<TrainingRun> {
    return this.transition(runId, ['open'], 'closed', '只有已开放报名的培训班可以关闭。');
  }

  /** Draft or closed → archived (kept for records and copying). @throws DomainError INVALID_STATE. */
  archive(runId: number): Promise<TrainingRun> {
    return this.transition(runId, ['draft', 'closed'], 'archived', '请先关闭报名，再归档培训班。');
  }

  /**
   * A new draft run with the settings of `runId` (title marked 副本, no sessions, the same
   * audience and plan; the organiser sets the new deadline and dates).
   */
  async copy(runId: number): Promise<TrainingRun> {
    return this.transactions.run(async (m) => {
      const source = await this.training.run(runId, m);
      const input: RunInput = {
        title: `${source.title}（副本）`.slice(0, 100),
        topics: source.topics,
        division: source.division,
        contactName: source.contactName,
        contactPhone: source.contactPhone,
        registrationOpensAt: source.registrationOpensAt,
        registrationDeadline: source.registrationDeadline,
        plannedSessions: source.plannedSessions,
        daysPerSession: source.daysPerSession,
        dailyStart: source.dailyStart,
        dailyEnd: source.dailyEnd,
        sessionCapacity: source.sessionCapacity,
        defaultVenueId: source.defaultVenueId,
        audience: readAudience(source),
      };
      const copy = await this.createIn(m, input);
      await m.update(TrainingRun, copy.id, { copiedFromRunId: source.id });
      return this.training.run(copy.id, m);
    });
  }

  private async transition(runId: number, from: TrainingRun['status'][], to: TrainingRun['status'], message: string): Promise<TrainingRun> {
    return this.transactions.run(async (m) => {
      const run = await this.training.run(runId, m);
      if (!from.includes(run.status)) throw new DomainError('INVALID_STATE', message);
      await m.update(TrainingRun, runId, { status: to });
      await this.audit.record(m, { action: `run.${to === 'closed' ? 'close' : 'archive'}`, subjectType: 'run', subjectId: runId, before: { status: run.status }, after: { status: to } });
      return this.training.run(runId, m);
    });
  }

  /**
   * Resolves an imported list (e-mail addresses, or unit codes: a judicial office's code for its
   * director, a district's code for both section heads) to participant ids.
   * @throws DomainError VALIDATION_FAILED naming the lines that match nobody.
   */
  private async resolveList(m: EntityManager, input: RunInput): Promise<RunInput> {
    if (!input.audienceList?.length) return input;
    const people = await this.organisation.listParticipants({}, m);
    const unknown: string[] = [];
    const ids = new Set<number>();
    for (const line of input.audienceList) {
      const found = people.filter((p) => p.email.toLowerCase() === line.toLowerCase() || p.unitCode === line);
      if (!found.length) unknown.push(line);
      found.forEach((p) => ids.add(p.id));
    }
    if (unknown.length) throw new DomainError('VALIDATION_FAILED', `名单中有 ${unknown.length} 行找不到对应人员：${unknown.slice(0, 10).join('、')}${unknown.length > 10 ? ' 等' : ''}。请使用参训人员的邮箱或单位代码。`);
    return { ...input, audience: { ...input.audience, participantIds: [...ids] } };
  }

  private async checkVenueSeats(m: EntityManager, input: RunInput): Promise<void> {
    if (!input.defaultVenueId) return;
    const venue = await m.findOneBy(Venue, { id: input.defaultVenueId });
    if (!venue) throw new DomainError('NOT_FOUND', `场地 ${input.defaultVenueId} 不存在。`);
    if (input.sessionCapacity > venue.capacity) throw new DomainError('VALIDATION_FAILED', `每期容量${input.sessionCapacity}人，超过场地“${venue.name}”的${venue.capacity}个座位。`);
  }
}

function columns(i: RunInput) {
  const { title, topics, division, contactName, contactPhone, registrationOpensAt, registrationDeadline, plannedSessions, daysPerSession, dailyStart, dailyEnd, sessionCapacity, defaultVenueId } = i;
  return { title, topics, division, contactName, contactPhone, registrationOpensAt, registrationDeadline, plannedSessions, daysPerSession, dailyStart, dailyEnd, sessionCapacity, defaultVenueId, ...writeAudience(i.audience) };
}

function facts(run: TrainingRun) {
  const { title, topics, division, contactName, contactPhone, status, registrationOpensAt, registrationDeadline, plannedSessions, daysPerSession, dailyStart, dailyEnd, sessionCapacity, defaultVenueId, audiencePosts, audienceDistricts, audienceParticipantIds } = run;
  return { title, topics, division, contactName, contactPhone, status, registrationOpensAt, registrationDeadline, plannedSessions, daysPerSession, dailyStart, dailyEnd, sessionCapacity, defaultVenueId, audiencePosts, audienceDistricts, audienceParticipantIds };
}

/** The start of the run's first scheduled session, or null. */
export function firstStart(sessions: readonly TrainingSession[]): Date | null {
  const starts = sessions.filter((s) => s.status === 'scheduled').map((s) => sessionDays(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd)[0].start.getTime());
  return starts.length ? new Date(Math.min(...starts)) : null;
}
