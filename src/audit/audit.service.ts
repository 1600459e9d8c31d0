import { Injectable } from '@nestjs/common';
import { insertRow } from '../database/insert-row';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { Actor, currentActor } from '../common/request-context';
import { AuditEvent } from './audit-event.entity';

/** What changed; `before`/`after` are plain objects (stored as JSON). */
export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: number | string | null;
  districtId?: number | null;
  before?: unknown;
  after?: unknown;
  /** Who acted, when not the current request's actor (e.g. a participant's e-mailed RSVP). */
  actor?: Actor;
}

/** Filter of the audit page and export. */
export interface AuditQuery {
  districtId?: number;
  action?: string;
  /** Actions starting with this code part, e.g. `registration.` (issue 13). */
  actionPrefix?: string;
  actorKind?: string;
  subjectType?: string;
  subjectId?: string;
  /** Part of the actor's label (name or user). */
  actor?: string;
  /** Inclusive lower and exclusive upper bound of `at`. */
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

/**
 * The audit log: every change of state is recorded in the same transaction as the change, with
 * the actor of the current request (see request-context.ts).
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records one change in the caller's transaction. */
  async record(m: EntityManager, entry: AuditEntry): Promise<void> {
    const actor = entry.actor ?? currentActor();
    await insertRow(m, AuditEvent, {
      at: this.clock.now(),
      actorKind: actor.kind,
      actorId: actor.id,
      actorLabel: actor.label.slice(0, 100),
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId === undefined || entry.subjectId === null ? null : String(entry.subjectId),
      districtId: entry.districtId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    });
  }

  /** The newest events first (one page: `limit`, default 500, from `offset`). */
  list(query: AuditQuery = {}): Promise<AuditEvent[]> {
    return this.filtered(query).orderBy('a.id', 'DESC').limit(query.limit ?? 500).offset(query.offset ?? 0).getMany();
  }

  /** How many events match the filters of `query` (paging ignored). */
  count(query: AuditQuery = {}): Promise<number> {
    return this.filtered(query).getCount();
  }

  private filtered(query: AuditQuery) {
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('a');
    if (query.districtId) qb.andWhere('a."districtId" = :districtId', { districtId: query.districtId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.actionPrefix) qb.andWhere('a.action LIKE :prefix', { prefix: `${query.actionPrefix.replace(/[%_]/g, '')}%` });
    if (query.actorKind) qb.andWhere('a."actorKind" = :actorKind', { actorKind: query.actorKind });
    if (query.subjectType) qb.andWhere('a."subjectType" = :subjectType', { subjectType: query.subjectType });
    if (query.subjectId) qb.andWhere('a."subjectId" = :subjectId', { subjectId: query.subjectId });
    if (query.actor) qb.andWhere(`LOWER(a."actorLabel") LIKE LOWER(:actor) ESCAPE '\\'`, { actor: `%${query.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (query.from) qb.andWhere('a.at >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.at < :to', { to: query.to });
    return qb;
  }
}
