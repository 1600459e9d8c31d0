import { Injectable } from '@nestjs/common';
import { optionalId } from '../common/parse-id.pipe';
import { DateTime } from 'luxon';
import { formatShanghai, isCalendarDate, isClockTime, SHANGHAI, shanghaiDay } from '../common/shanghai-time';
import { districtHeatMap, registrationsOverTime, seatLoadChart } from './charts';

const shanghaiDate = (d: Date) => DateTime.fromJSDate(d, { zone: SHANGHAI }).toISODate()!;
import type { OutboxStatus } from '../invitations/outbox-message.entity';
import { SESSION_TEXT, textProblem } from '../common/text-rules';
import { describeRsvp, InvitationRepliesService } from '../invitations/invitation-replies.service';
import { OutboxService } from '../invitations/outbox.service';
import { OrganisationService } from '../organisation/organisation.service';
import { SessionChangePreview, SessionPatch } from '../registrations/session-changes.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { venueLabel } from '../scheduling/venues/venue.entity';
import { VenuesService } from '../scheduling/venues/venues.service';
import { TrainingService } from '../training/training.service';
import { RunOverviewService } from './run-overview.service';
import { PARTICIPANT_SORTS, ParticipantListService } from './participant-list.service';
import { pager, readPage, readSort } from '../common/paging';

/** Filters of the participant list page (query string). */
export interface ParticipantListQuery {
  /** The run (id); optional only while a single run is not archived. */
  run?: string;
  district?: string;
  status?: string;
  session?: string;
  q?: string;
  office?: string;
  sort?: string;
  page?: string;
  size?: string;
  notice?: string;
  /** With `notice=registered`: the participant just registered on their behalf. */
  for?: string;
}

const FIELD_LABELS: Record<string, string> = { title: '名称', firstDay: '首日日期', dayCount: '天数', dailyStart: '每日开始', dailyEnd: '每日结束', venue: '地点', capacity: '容量' };
const STATUS_TEXT: Record<string, string> = { confirmed: '已确认', waitlisted: '候补', none: '未报名' };
const SORT_TEXT: [string, string][] = [['unit', '按区和单位'], ['name', '按姓名'], ['status', '候补和未报名在前'], ['registered', '最近报名在前']];
const OUTBOX_KIND: Record<string, string> = { invitation: '日历邀请', 'personal-link': '个人链接', notice: '通知' };
const OUTBOX_STATUS: Record<string, string> = { pending: '待发送', sending: '发送中', sent: '已发送', failed: '发送失败', superseded: '已被更新替代' };

/** Masks a mobile number for lists: 139****0001. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '****';
}

/** View models of the organiser pages. Views get plain objects, never entities (house rule 12). */
@Injectable()
export class OrganiserViewsService {
  constructor(
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly registrations: RegistrationsService,
    private readonly overviews: RunOverviewService,
    private readonly outboxes: OutboxService,
    private readonly replies: InvitationRepliesService,
    private readonly venues: VenuesService,
    private readonly list: ParticipantListService,
  ) {}

  /** The overview of one run (`runId`, or the only run not archived). @throws DomainError RUN_REQUIRED. */
  async overview(runId?: number) {
    const run = await this.training.resolveRun(runId);
    const overview = await this.overviews.overview(run.id);
    const counts = await this.organisation.rosterCounts();
    const charts = {
      load: seatLoadChart(overview.sessions.map((s) => ({ title: s.title, confirmed: s.confirmed, capacity: s.capacity, waiting: s.waiting }))),
      heat: districtHeatMap(overview.sessions.map((s) => s.title), overview.districts.map((d) => ({ name: d.name, counts: d.counts }))),
      time: registrationsOverTime(await this.registrationsPerDay(run.id, run.registrationDeadline), shanghaiDate(run.registrationDeadline)),
    };
    return { title: `${run.title} · 总览`, ...overview, roster: counts, outbox: await this.outboxes.counts(), isDraft: run.status === 'draft', charts };
  }

  /** Registrations made per Shanghai day, from the first one to the deadline (days without any: 0). */
  private async registrationsPerDay(runId: number, deadline: Date): Promise<{ day: string; n: number }[]> {
    const rows: { day: string; n: number }[] = await this.list.registrationsPerDay(runId);
    if (rows.length === 0) return [];
    const byDay = new Map(rows.map((r) => [r.day, Number(r.n)]));
    const last = shanghaiDate(deadline) > rows[rows.length - 1].day ? shanghaiDate(deadline) : rows[rows.length - 1].day;
    const days: { day: string; n: number }[] = [];
    for (let d = DateTime.fromISO(rows[0].day, { zone: SHANGHAI }); d.toISODate()! <= last && days.length < 400; d = d.plus({ days: 1 })) days.push({ day: d.toISODate()!, n: byDay.get(d.toISODate()!) ?? 0 });
    return days;
  }

  /**
   * One page of the participant list (issue 13, item 1): filters, sorting and paging run in SQL
   * (ParticipantListService). `allDistricts` false is a coordinator: no district filter, and the
   * mobile numbers of their own people are shown in full so they can call them (item 6).
   */
  async participants(query: ParticipantListQuery, allDistricts = true) {
    const run = await this.training.resolveRun(optionalId(query.run));
    const runs = (await this.training.listRuns()).filter((r) => r.status !== 'archived');
    const districts = await this.organisation.listDistricts();
    const districtId = optionalId(query.district);
    const request = readPage(query as Record<string, unknown>);
    const sort = readSort(query.sort, PARTICIPANT_SORTS);
    const int = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
    const { rows: people, total } = await this.list.page({
      runId: run.id,
      audience: run,
      districtId,
      officeId: int(query.office),
      sessionId: int(query.session),
      status: query.status,
      q: query.q?.slice(0, 50),
      sort,
      limit: request.size,
      offset: request.offset,
    });
    const answers = await this.replies.answers(people.map((p) => p.id));
    const sessionTitle = (id: number | null) => run.sessions.find((s) => s.id === id)?.title ?? '';
    const rows = people.map((p) => ({
      id: p.id,
      name: p.name,
      isDemo: p.isDemo,
      unit: p.unitLabel,
      post: p.postLabel,
      district: p.districtName,
      mobile: allDistricts ? maskMobile(p.mobile) : p.mobile,
      telHref: allDistricts ? null : `tel:${p.mobile}`,
      email: p.email,
      hasLink: p.hasLink,
      status: p.status,
      statusText: STATUS_TEXT[p.status],
      registrationId: p.registrationId ?? undefined,
      sessionId: p.sessionId ?? undefined,
      session: sessionTitle(p.sessionId),
      preferences: p.preferences.map(sessionTitle).join(' > '),
      waitlistPosition: p.waitlistPosition ?? undefined,
      rsvp: p.status === 'confirmed' ? describeRsvp(answers.get(p.id)?.sessionId === p.sessionId ? answers.get(p.id) : undefined, (d) => formatShanghai(d)) : '',
      pinnedSessionId: p.pinnedSessionId,
      pinned: p.pinnedSessionId ? sessionTitle(p.pinnedSessionId) : '',
    }));
    const filters = { run: String(run.id), district: allDistricts ? query.district : undefined, office: query.office, session: query.session, status: query.status, q: query.q, sort: query.sort };
    const officeDistrict = districtId;
    const offices = officeDistrict ? await this.organisation.listOffices(officeDistrict) : [];
    return {
      title: `参训人员 · ${run.title}`,
      runId: run.id,
      runTitle: run.title,
      runs: runs.map((r) => ({ id: r.id, title: r.title, selected: r.id === run.id })),
      rows,
      total,
      pager: pager('/admin/participants', filters, request, total),
      sessions: run.sessions.map((s) => ({ id: s.id, title: s.title, selected: query.session === String(s.id) })),
      districts: allDistricts ? districts.map((d) => ({ id: d.id, name: d.name, selected: districtId === d.id })) : null,
      offices: offices.map((o) => ({ id: o.id, name: o.name, selected: query.office === String(o.id) })),
      sorts: SORT_TEXT.map(([value, label]) => ({ value, label, selected: sort === value })),
      isCityOrganiser: allDistricts,
      statuses: Object.entries(STATUS_TEXT).map(([value, label]) => ({ value, label, selected: query.status === value })),
      q: query.q ?? '',
    };
  }

  /**
   * The notice after registering someone on their behalf, from their registration as stored:
   * confirmed into which session, or waitlisted (with the queue position) because the session
   * is full. @returns null when they have no active registration (nothing to report).
   */
  async registeredNotice(participantId: number, runId?: number): Promise<string | null> {
    const run = await this.training.resolveRun(runId);
    const person = await this.organisation.participant(participantId).catch(() => null);
    const registration = person && (await this.registrations.current(person.id, run.id));
    if (!person || !registration) return null;
    const title = (id: number | null | undefined) => run.sessions.find((s) => s.id === id)?.title ?? '所选期次';
    if (registration.status === 'confirmed') return `已为${person.name}报名：确认参加${title(registration.sessionId)}，日历邀请已进入发送队列。`;
    const position = registration.waitlistPosition ? `（第 ${registration.waitlistPosition} 位）` : '';
    return `${title(registration.preferences[0])}已满员，${person.name}未能确认：已进入候补${position}，有空位时按顺序自动确认并通知本人。`;
  }

  async participantName(id: number): Promise<string> {
    const p = await this.organisation.participant(id);
    return `${p.name}（${p.unitLabel} ${p.postLabel}）`;
  }

  async sessionForm(id: number, form?: Record<string, unknown>, errors: Record<string, string> = {}, error?: string) {
    const s = await this.training.session(id);
    const value = (key: string, fallback: unknown) => (form && typeof form[key] === 'string' ? form[key] : fallback);
    const venueId = String(value('venueId', s.venueId ?? ''));
    return {
      title: `编辑 ${s.title}`,
      id: s.id,
      runId: s.runId,
      venues: (await this.venues.list()).map((v) => ({ id: v.id, label: `${venueLabel(v)}，${v.capacity} 座`, selected: String(v.id) === venueId })),
      overrideReason: value('overrideReason', ''),
      fields: {
        title: value('title', s.title),
        firstDay: value('firstDay', s.firstDay),
        dayCount: value('dayCount', s.dayCount),
        dailyStart: value('dailyStart', s.dailyStart),
        dailyEnd: value('dailyEnd', s.dailyEnd),
        venue: value('venue', s.venue),
        capacity: value('capacity', s.capacity),
      },
      confirmed: s.confirmedCount,
      errors,
      error: error ?? (Object.keys(errors).length ? '请修正标红的项目后再保存。' : undefined),
    };
  }

  /** The confirmation page of a session change: changes, mails, and the form's fields to carry on. */
  async sessionPreview(id: number, form: Record<string, unknown>, preview: SessionChangePreview) {
    const s = await this.training.session(id);
    const keep = ['title', 'firstDay', 'dayCount', 'dailyStart', 'dailyEnd', 'venue', 'venueId', 'capacity', 'override', 'overrideReason'];
    return {
      title: `确认修改 ${s.title}`,
      id,
      runId: s.runId,
      changes: preview.changes.map((c) => ({ ...c, label: FIELD_LABELS[c.field] ?? c.field })),
      mails: preview.mails,
      mailCount: preview.mails.length,
      hidden: keep.filter((k) => typeof form[k] === 'string').map((name) => ({ name, value: form[name] as string })),
    };
  }

  /** Reads the session form; Chinese field errors. */
  readSessionForm(form: Record<string, unknown>): { patch: SessionPatch; errors?: Record<string, string> } {
    const errors: Record<string, string> = {};
    const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
    const int = (key: string, min: number, max: number, message: string) => {
      const raw = text(key);
      if (!/^\d{1,6}$/.test(raw) || +raw < min || +raw > max) errors[key] = message;
      return Number(raw);
    };
    const patch: SessionPatch = {
      title: text('title'),
      firstDay: text('firstDay'),
      dayCount: int('dayCount', 1, 14, '天数应为 1–14 的整数。'),
      dailyStart: text('dailyStart'),
      dailyEnd: text('dailyEnd'),
      venue: text('venue'),
      capacity: int('capacity', 0, 10000, '容量应为 0–10000 的整数。'),
    };
    // The same text rule as the JSON API's UpdateSessionDto (issue 9, item 11).
    for (const key of ['title', 'venue'] as const) {
      const rule = SESSION_TEXT[key];
      const problem = patch[key] ? textProblem(patch[key], rule) : `请填写${rule.label}（不超过 ${rule.max} 字）`;
      if (problem) errors[key] = `${problem}。`;
    }
    if (!isCalendarDate(patch.firstDay!)) errors.firstDay = '请填写有效日期，如 2021-04-12。';
    if (!isClockTime(patch.dailyStart!)) errors.dailyStart = '请填写时间，如 09:00。';
    if (!isClockTime(patch.dailyEnd!)) errors.dailyEnd = '请填写时间，如 17:00。';
    return Object.keys(errors).length ? { patch, errors } : { patch };
  }

  /** One page of the mail queue with its filters (status, kind, recipient, days queued), in SQL. */
  async outbox(query: Record<string, string | undefined> = {}) {
    const request = readPage(query);
    const status = query.status && query.status in OUTBOX_STATUS ? (query.status as OutboxStatus) : undefined;
    const kind = query.kind && query.kind in OUTBOX_KIND ? query.kind : undefined;
    const from = shanghaiDay(query.from);
    const to = shanghaiDay(query.to);
    const recipient = query.recipient?.trim().slice(0, 100) || undefined;
    const { rows, total } = await this.outboxes.search({ status, kind, recipient, from, to: to && new Date(to.getTime() + 86_400_000), limit: request.size, offset: request.offset });
    const filters = { status, kind, recipient, from: from && query.from, to: to && query.to };
    return {
      title: '邮件发送队列',
      counts: await this.outboxes.counts(),
      filters: { recipient: recipient ?? '', from: filters.from ?? '', to: filters.to ?? '' },
      statuses: Object.entries(OUTBOX_STATUS).map(([value, label]) => ({ value, label, selected: status === value })),
      kinds: Object.entries(OUTBOX_KIND).map(([value, label]) => ({ value, label, selected: kind === value })),
      pager: pager('/admin/outbox', filters, request, total),
      rows: rows.map((r) => ({ ...r, kindText: OUTBOX_KIND[r.kind] ?? r.kind, statusText: OUTBOX_STATUS[r.status], createdAt: formatShanghai(r.createdAt), sentAt: r.sentAt && formatShanghai(r.sentAt) })),
    };
  }
}
