import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { columnsSql, leanEntities } from '../database/lean-rows';
import { DomainError } from '../common/domain-error';
import { sessionDays } from '../common/shanghai-time';
import { queryNamed } from '../database/sql-dialect';
import { TrainingRun } from './training-run.entity';
import { TrainingSession } from './training-session.entity';

/** Reads of training runs and their sessions, and the guarded seat counter of a session. */
/** The run states the public may see. */
const PUBLISHED: TrainingRun['status'][] = ['open', 'closed'];

@Injectable()
export class TrainingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** All runs, oldest first. */
  listRuns(): Promise<TrainingRun[]> {
    return this.dataSource.getRepository(TrainingRun).find({ order: { id: 'ASC' } });
  }

  /**
   * A run with its sessions ordered by ordinal.
   * @throws DomainError NOT_FOUND.
   */
  async run(runId: number, manager?: EntityManager): Promise<TrainingRun> {
    // `find`, not `findOne`: with a joined relation `findOne` needs two queries (ids, then rows).
    const [run] = await (manager ?? this.dataSource.manager).find(TrainingRun, {
      where: { id: runId },
      relations: { sessions: true },
      order: { sessions: { ordinal: 'ASC' } },
    });
    if (!run) throw new DomainError('NOT_FOUND', `培训班 ${runId} 不存在。`);
    return run;
  }

  /**
   * A run with only the sessions among `sessionIds` (those of another run are left out), ordered
   * by ordinal: what a participant's command reads (its rules look at the sessions it names; an
   * invitation shows the session it is for), one query that hydrates a few sessions, not the
   * whole run (issue 10, item 2: with 40 sessions the full run was most of a command's JS time).
   * Do not pass the result where every session of the run is needed.
   * @throws DomainError NOT_FOUND.
   */
  async runWithSessions(m: EntityManager, runId: number, sessionIds: readonly number[]): Promise<TrainingRun> {
    const ids = [...new Set(sessionIds.filter((id) => Number.isInteger(id)))];
    const query = m.getRepository(TrainingRun).createQueryBuilder('run').where('run.id = :runId', { runId });
    if (ids.length) query.leftJoinAndSelect('run.sessions', 's', 's.id IN (:...ids)', { ids }).orderBy('s.ordinal', 'ASC');
    const run = await query.getOne();
    if (!run) throw new DomainError('NOT_FOUND', `培训班 ${runId} 不存在。`);
    run.sessions ??= [];
    return run;
  }

  /** Throws unless run `runId` exists: one lean query, no hydration. @throws DomainError NOT_FOUND. */
  async checkRunExists(runId: number, manager?: EntityManager): Promise<void> {
    const rows = await queryNamed<unknown[]>(manager ?? this.dataSource, 'SELECT id FROM training_run WHERE id = :runId', { runId });
    if (!rows.length) throw new DomainError('NOT_FOUND', `培训班 ${runId} 不存在。`);
  }

  /**
   * The run a request is about: `runId` when given; without one, the only run that is not
   * archived — never a guess among several (issue 12).
   * @throws DomainError NOT_FOUND (no such run, or none at all), RUN_REQUIRED (several runs, none named).
   */
  async resolveRun(runId?: number | null, manager?: EntityManager): Promise<TrainingRun> {
    if (runId) return this.run(runId, manager);
    const active = (await this.listRuns()).filter((r) => r.status !== 'archived');
    if (active.length === 0) throw new DomainError('NOT_FOUND', '尚未设置培训班。');
    if (active.length > 1) throw new DomainError('RUN_REQUIRED', '现有多个培训班，请先在“培训班”页面选择一个。');
    return this.run(active[0].id, manager);
  }

  /**
   * Runs whose registration is or was open (open, closed), newest first: all that the public
   * (home page, `GET /api/runs`) may see. Drafts and archived runs are the organisers' only.
   */
  async publishedRuns(): Promise<TrainingRun[]> {
    // One lean query and the driver's own value conversion, not a find() with a joined relation:
    // every personal page and public read hydrated every published run with all its sessions
    // through the query builder (issue 10, item 7: a large part of the page's time).
    this.publishedSql ??= `SELECT ${columnsSql(this.dataSource, TrainingRun, 'r', 'r_')}, ${columnsSql(this.dataSource, TrainingSession, 's', 's_')}
      FROM training_run r LEFT JOIN training_session s ON s."runId" = r.id
      WHERE r.status IN (:...published) ORDER BY r.id DESC, s.ordinal, s.id`;
    const rows = await queryNamed<ObjectLiteral[]>(this.dataSource, this.publishedSql, { published: PUBLISHED });
    const runs: TrainingRun[] = [];
    for (const row of rows) {
      let run = runs[runs.length - 1];
      if (!run || run.id !== Number(row.r_id)) {
        run = leanEntities(this.dataSource, TrainingRun, [row], 'r_')[0];
        run.sessions = [];
        runs.push(run);
      }
      if (row.s_id !== null && row.s_id !== undefined) run.sessions.push(leanEntities(this.dataSource, TrainingSession, [row], 's_')[0]);
    }
    return runs;
  }

  /** The SQL of `publishedRuns`, built once from the entities' metadata. */
  private publishedSql?: string;

  /**
   * A published run (open or closed) with its sessions, for the public reads.
   * @throws DomainError NOT_FOUND, worded as for a run that does not exist, for a draft or archived run.
   */
  async publishedRun(runId: number): Promise<TrainingRun> {
    const run = await this.run(runId);
    if (!PUBLISHED.includes(run.status)) throw new DomainError('NOT_FOUND', `培训班 ${runId} 不存在。`);
    return run;
  }

  /**
   * One session.
   * @throws DomainError NOT_FOUND.
   */
  async session(sessionId: number, manager?: EntityManager): Promise<TrainingSession> {
    const session = await (manager ?? this.dataSource.manager).findOneBy(TrainingSession, { id: sessionId });
    if (!session) throw new DomainError('NOT_FOUND', `培训场次 ${sessionId} 不存在。`);
    return session;
  }

  /**
   * Serialises, across instances, the transactions that move seats or the waitlist of one run:
   * registration, change, cancellation, moves, session edits and cancellation, balancing apply.
   * On PostgreSQL (READ COMMITTED, transactions side by side) it locks the run row with
   * `SELECT … FOR NO KEY UPDATE` until the caller's transaction ends, so what the transaction
   * reads after this call (free seats, the waitlist, a plan's rows) cannot change under it; NO
   * KEY, so the foreign-key checks of new registrations do not wait on it. Call it first, before
   * reading anything the transaction decides on. On SQLite a no-op: the single writer already
   * serialises these transactions. Issue 10, item 5.
   */
  async lockRun(m: EntityManager, runId: number): Promise<void> {
    if (m.connection.options.type !== 'postgres') return;
    await m.query('SELECT id FROM training_run WHERE id = $1 FOR NO KEY UPDATE', [runId]);
  }

  /** `lockRun` for the run of a session; nothing when there is no such session. */
  async lockRunOfSession(m: EntityManager, sessionId: number): Promise<void> {
    const session = await m.findOneBy(TrainingSession, { id: sessionId });
    if (session) await this.lockRun(m, session.runId);
  }

  /**
   * Takes one seat if one is free: a single guarded UPDATE, atomic on SQLite and PostgreSQL
   * (no count-then-insert race; STYLE.md). @returns true when the seat was taken.
   */
  async takeSeat(m: EntityManager, sessionId: number): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .update(TrainingSession)
      .set({ confirmedCount: () => '"confirmedCount" + 1' })
      .where('id = :sessionId AND "confirmedCount" < "capacity" AND status = :status', { sessionId, status: 'scheduled' })
      .execute();
    return result.affected === 1;
  }

  /** Gives one seat back. */
  async releaseSeat(m: EntityManager, sessionId: number): Promise<void> {
    await m
      .createQueryBuilder()
      .update(TrainingSession)
      .set({ confirmedCount: () => '"confirmedCount" - 1' })
      .where('id = :sessionId AND "confirmedCount" > 0', { sessionId })
      .execute();
  }

  /**
   * Sets a session's capacity unless it would fall below the seats already taken.
   * @throws DomainError CAPACITY_BELOW_CONFIRMED.
   */
  async setCapacity(m: EntityManager, sessionId: number, capacity: number): Promise<void> {
    const result = await m
      .createQueryBuilder()
      .update(TrainingSession)
      .set({ capacity })
      .where('id = :sessionId AND "confirmedCount" <= :capacity', { sessionId, capacity })
      .execute();
    if (result.affected !== 1) {
      const session = await this.session(sessionId, m);
      throw new DomainError(
        'CAPACITY_BELOW_CONFIRMED',
        `${session.title}已有 ${session.confirmedCount} 人确认参训，容量不能低于该人数。请先调整人员。`,
      );
    }
  }
}

/** Plain facts about a session for pages and the API; dates Asia/Shanghai. */
export interface SessionSummary {
  id: number;
  ordinal: number;
  title: string;
  firstDay: string;
  dayCount: number;
  dailyStart: string;
  dailyEnd: string;
  venue: string;
  capacity: number;
  confirmed: number;
  seatsLeft: number;
  status: string;
  /** ISO instants of each day's start and end. */
  days: { start: string; end: string }[];
}

/** The summary of a session. */
export function summariseSession(s: TrainingSession): SessionSummary {
  return {
    id: s.id,
    ordinal: s.ordinal,
    title: s.title,
    firstDay: s.firstDay,
    dayCount: s.dayCount,
    dailyStart: s.dailyStart,
    dailyEnd: s.dailyEnd,
    venue: s.venue,
    capacity: s.capacity,
    confirmed: s.confirmedCount,
    seatsLeft: Math.max(0, s.capacity - s.confirmedCount),
    status: s.status,
    days: sessionDays(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd).map((d) => ({
      start: d.start.toISOString(),
      end: d.end.toISOString(),
    })),
  };
}
