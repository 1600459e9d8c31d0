import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pager, readPage } from '../common/paging';
import { formatShanghai } from '../common/shanghai-time';
import { AuditEvent } from './audit-event.entity';
import { ACTION_LABELS, actionLabel, SUBJECT_LABELS } from './audit-labels';
import { describeChanges, parseState, sessionIdsIn } from './audit-changes';
import { AuditQuery, AuditService } from './audit.service';
import { nameSubjects } from './audit-subjects';

export const ACTOR_TEXT: Record<string, string> = { organiser: '市局组织者', coordinator: '区协调员', signin: '签到人员', participant: '参训人员（个人链接）', system: '系统', anonymous: '匿名' };

/** The audit page's query string. */
export type AuditPageQuery = Record<string, string | undefined>;

/**
 * The audit log page (issue 13, items 1–2): one page in SQL with its filters, each event in
 * Chinese — action label, the subject named with a link, the changed fields before → after with
 * Chinese names and session titles, and the raw record behind a <details> element.
 */
@Injectable()
export class AuditViewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Reads the filters of the page (district already scoped by the caller). */
  filters(query: AuditPageQuery, districtId: number | undefined, day: (v: string | undefined) => Date | undefined): AuditQuery {
    const area = query.area && /^[a-z]+$/.test(query.area) ? `${query.area}.` : undefined;
    const to = day(query.to);
    return {
      districtId,
      action: query.action && ACTION_LABELS[query.action] ? query.action : undefined,
      actionPrefix: area,
      actorKind: query.actor_kind && ACTOR_TEXT[query.actor_kind] ? query.actor_kind : undefined,
      subjectType: query.subject && SUBJECT_LABELS[query.subject] ? query.subject : undefined,
      subjectId: query.subject_id && /^\d{1,12}$/.test(query.subject_id) ? query.subject_id : undefined,
      actor: query.who?.trim().slice(0, 50) || undefined,
      from: day(query.from),
      to: to && new Date(to.getTime() + 86_400_000),
    };
  }

  /** One page of events for the page. */
  async page(query: AuditPageQuery, filter: AuditQuery, districts: Map<number, string>) {
    const request = readPage(query);
    const [events, total] = await Promise.all([this.audit.list({ ...filter, limit: request.size, offset: request.offset }), this.audit.count(filter)]);
    const rows = await this.rows(events, districts);
    const keep = { district: query.district, action: query.action, area: query.area, actor_kind: query.actor_kind, subject: query.subject, subject_id: query.subject_id, who: query.who, from: query.from, to: query.to };
    return { rows, pager: pager('/admin/audit', keep, request, total), keep };
  }

  /** Events as rows in Chinese (also used by the Excel export). */
  async rows(events: AuditEvent[], districts: Map<number, string>) {
    const states = events.map((e) => ({ before: parseState(e.before), after: parseState(e.after) }));
    const ids = sessionIdsIn(states.flatMap((s) => [s.before, s.after]));
    const titles = new Map<number, string>();
    if (ids.length) for (const r of await this.dataSource.query(`SELECT id, title FROM training_session WHERE id IN (${ids.map(Number).join(',')})`)) titles.set(Number(r.id), String(r.title));
    const subject = await nameSubjects(this.dataSource.manager, events);
    return events.map((e, i) => ({
      id: e.id,
      at: formatShanghai(e.at),
      actorKind: ACTOR_TEXT[e.actorKind] ?? e.actorKind,
      actorLabel: e.actorLabel,
      action: actionLabel(e.action),
      code: e.action,
      subject: subject(e.subjectType, e.subjectId),
      district: e.districtId ? (districts.get(e.districtId) ?? '') : '',
      changes: describeChanges(states[i].before, states[i].after, (id) => titles.get(id) ?? `期次 ${id}`),
      rawBefore: e.before ?? '',
      rawAfter: e.after ?? '',
    }));
  }
}
