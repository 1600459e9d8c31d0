import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryNamed, shanghaiDaySql } from '../database/sql-dialect';
import { POST_KIND_LABELS, PostKind } from '../organisation/post.entity';
import { readAudience } from '../training/run-audience';

/** Filters of one page of the participant list; every one is applied in SQL (issue 13, item 1). */
export interface ParticipantListFilter {
  runId: number;
  audience: { audiencePosts?: string; audienceDistricts?: string; audienceParticipantIds?: string };
  districtId?: number;
  officeId?: number;
  sessionId?: number;
  /** `confirmed`, `waitlisted` or `none` (no active registration in the run). */
  status?: string;
  /** Part of a name, a unit name, an e-mail address or a mobile number. */
  q?: string;
  sort: ParticipantSort;
  limit: number;
  offset: number;
}

export const PARTICIPANT_SORTS = ['unit', 'name', 'status', 'registered'] as const;
export type ParticipantSort = (typeof PARTICIPANT_SORTS)[number];

/** One row of the list: person, post, unit, and their active registration in the run (if any). */
export interface ParticipantListRow {
  id: number;
  name: string;
  email: string;
  mobile: string;
  isDemo: boolean;
  hasLink: boolean;
  postKind: PostKind;
  postLabel: string;
  districtId: number;
  districtName: string;
  unitLabel: string;
  registrationId: number | null;
  status: 'confirmed' | 'waitlisted' | 'none';
  sessionId: number | null;
  preferences: number[];
  pinnedSessionId: number | null;
  /** 1-based place in the run's waitlist (by queue time), for waitlisted rows. */
  waitlistPosition: number | null;
}

const ORDER: Record<ParticipantSort, string> = {
  unit: 'd.code, post."unitCode", post.kind, p.id',
  name: 'p.name, p.id',
  status: `CASE COALESCE(r.status, 'none') WHEN 'waitlisted' THEN 0 WHEN 'none' THEN 1 ELSE 2 END, d.code, post."unitCode", p.id`,
  registered: 'r."createdAt" DESC, p.id',
};

/**
 * The organiser's and coordinators' participant list as SQL: one page (LIMIT/OFFSET) of the run's
 * audience with the filters in the WHERE clause, and the count of all matching rows.
 */
@Injectable()
export class ParticipantListService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page and the total number of matching people. */
  async page(filter: ParticipantListFilter): Promise<{ rows: ParticipantListRow[]; total: number }> {
    const { where, params } = this.where(filter);
    const from = `FROM participant p
      JOIN post ON post.id = p."postId"
      JOIN district d ON d.id = post."districtId"
      LEFT JOIN judicial_office o ON o.id = post."officeId"
      LEFT JOIN registration r ON r."participantId" = p.id AND r."runId" = :runId AND r.status <> 'cancelled'`;
    // The count joins only what the filters read (the unit for a search, the registration for a
    // status or session): each LEFT JOIN matches at most one row, so the number is the same.
    const needsRegistration = Boolean(filter.status || filter.sessionId);
    const countFrom = `FROM participant p JOIN post ON post.id = p."postId"
      ${filter.q?.trim() ? 'LEFT JOIN judicial_office o ON o.id = post."officeId"' : ''}
      ${needsRegistration ? `LEFT JOIN registration r ON r."participantId" = p.id AND r."runId" = :runId AND r.status <> 'cancelled'` : ''}`;
    const [{ n }] = await queryNamed<{ n: number | string }[]>(this.dataSource, `SELECT COUNT(*) AS n ${countFrom} WHERE ${where}`, { ...params, runId: filter.runId });
    // The page's ids first (the sort carries only the id and the sort keys), then their columns.
    const ids: number[] = (
      await queryNamed<{ id: unknown }[]>(this.dataSource, `SELECT p.id ${from} WHERE ${where} ORDER BY ${ORDER[filter.sort]} LIMIT :limit OFFSET :offset`, {
        ...params,
        runId: filter.runId,
        limit: filter.limit,
        offset: filter.offset,
      })
    ).map((r) => Number(r.id));
    const raw = ids.length
      ? await queryNamed<Record<string, unknown>[]>(
          this.dataSource,
          `SELECT p.id, p.name, p.email, p.mobile, p."isDemo" AS "isDemo", p."tokenHash" IS NOT NULL AS "hasLink",
                  post.kind AS "postKind", post."districtId" AS "districtId", d.name AS "districtName", o."unitName" AS "unitName",
                  r.id AS "registrationId", r.status AS status, r."sessionId" AS "sessionId", r.preferences AS preferences,
                  r."pinnedSessionId" AS "pinnedSessionId"
           ${from} WHERE p.id IN (:...ids)`,
          { runId: filter.runId, ids },
        )
      : [];
    const byId = new Map(raw.map((r) => [Number(r.id), r]));
    const rows = ids.filter((id) => byId.has(id)).map((id) => toRow(byId.get(id)!));
    // Waitlist places for this page's rows only (a subquery in the SELECT would run for every
    // matching row before the sort).
    const waitlisted = rows.filter((r) => r.status === 'waitlisted').map((r) => r.registrationId!);
    if (waitlisted.length) {
      const places: { id: number; place: number }[] = await this.dataSource.query(
        `SELECT r.id, (SELECT COUNT(*) FROM registration w WHERE w."runId" = r."runId" AND w.status = 'waitlisted'
           AND (w."queuedAt" < r."queuedAt" OR (w."queuedAt" = r."queuedAt" AND w.id <= r.id))) AS place
         FROM registration r WHERE r.id IN (${waitlisted.map(Number).join(',')})`,
      );
      const byId = new Map(places.map((p) => [Number(p.id), Number(p.place)]));
      for (const row of rows) if (row.status === 'waitlisted') row.waitlistPosition = byId.get(row.registrationId!) ?? null;
    }
    return { rows, total: Number(n) };
  }

  /** Registrations created per Shanghai calendar day (UTC+8, no DST), cancelled ones included, in day order. */
  registrationsPerDay(runId: number): Promise<{ day: string; n: number }[]> {
    const day = shanghaiDaySql(this.dataSource, 'r."createdAt"');
    return queryNamed(this.dataSource, `SELECT ${day} AS day, COUNT(*) AS n FROM registration r WHERE r."runId" = :runId GROUP BY ${day} ORDER BY ${day}`, { runId });
  }

  /** The WHERE clause with named parameters (`:posts`, `:districtId`, …; `:runId` is the caller's). */
  private where(filter: ParticipantListFilter): { where: string; params: Record<string, unknown> } {
    const clauses: string[] = [];
    const params: Record<string, unknown> = {};
    const audience = readAudience(filter.audience);
    if (audience.participantIds.length) clauses.push(`p.id IN (${audience.participantIds.map(Number).join(',')})`);
    else {
      clauses.push(audience.posts.length ? 'post.kind IN (:...posts)' : '1 = 0');
      params.posts = audience.posts;
      if (audience.districtIds.length) clauses.push(`post."districtId" IN (${audience.districtIds.map(Number).join(',')})`);
    }
    if (filter.districtId) (clauses.push('post."districtId" = :districtId'), (params.districtId = filter.districtId));
    if (filter.officeId) (clauses.push('post."officeId" = :officeId'), (params.officeId = filter.officeId));
    if (filter.sessionId) (clauses.push('r."sessionId" = :sessionId'), (params.sessionId = filter.sessionId));
    if (filter.status === 'none') clauses.push('r.id IS NULL');
    else if (filter.status === 'confirmed' || filter.status === 'waitlisted') (clauses.push('r.status = :status'), (params.status = filter.status));
    const q = filter.q?.trim();
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // LOWER on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
      const match = (column: string) => `LOWER(${column}) LIKE LOWER(:like) ESCAPE '\\'`;
      clauses.push(`(${['p.name', 'o."unitName"', 'p.email', 'p.mobile'].map(match).join(' OR ')})`);
      params.like = like;
    }
    return { where: clauses.join(' AND ') || '1 = 1', params };
  }
}

function toRow(r: Record<string, unknown>): ParticipantListRow {
  const kind = r.postKind as PostKind;
  const status = (r.status as string | null) ?? 'none';
  return {
    id: Number(r.id),
    name: String(r.name),
    email: String(r.email),
    mobile: String(r.mobile),
    isDemo: Boolean(Number(r.isDemo)),
    hasLink: Boolean(Number(r.hasLink)),
    postKind: kind,
    postLabel: POST_KIND_LABELS[kind],
    districtId: Number(r.districtId),
    districtName: String(r.districtName),
    unitLabel: r.unitName ? `${r.unitName}司法所` : `${r.districtName}司法局`,
    registrationId: r.registrationId === null ? null : Number(r.registrationId),
    status: status as ParticipantListRow['status'],
    sessionId: r.sessionId === null ? null : Number(r.sessionId),
    preferences: typeof r.preferences === 'string' ? (JSON.parse(r.preferences) as number[]) : [],
    pinnedSessionId: r.pinnedSessionId === null ? null : Number(r.pinnedSessionId),
    waitlistPosition: null,
  };
}
