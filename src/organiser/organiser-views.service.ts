import { Injectable } from '@nestjs/common';
import { formatShanghai, isCalendarDate, isClockTime } from '../common/shanghai-time';
import { SESSION_TEXT, textProblem } from '../common/text-rules';
import { describeRsvp, InvitationRepliesService } from '../invitations/invitation-replies.service';
import { OutboxService } from '../invitations/outbox.service';
import { OrganisationService } from '../organisation/organisation.service';
import { SessionChangePreview, SessionPatch } from '../registrations/session-changes.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { venueLabel } from '../scheduling/venues/venue.entity';
import { VenuesService } from '../scheduling/venues/venues.service';
import { inAudience } from '../training/run-audience';
import { TrainingService } from '../training/training.service';
import { RunOverviewService } from './run-overview.service';

/** Filters of the participant list page (query string). */
export interface ParticipantListQuery {
  /** The run (id); optional only while a single run is not archived. */
  run?: string;
  district?: string;
  status?: string;
  session?: string;
  q?: string;
  notice?: string;
  /** With `notice=registered`: the participant just registered on their behalf. */
  for?: string;
}

const FIELD_LABELS: Record<string, string> = { title: '名称', firstDay: '首日日期', dayCount: '天数', dailyStart: '每日开始', dailyEnd: '每日结束', venue: '地点', capacity: '容量' };
const STATUS_TEXT: Record<string, string> = { confirmed: '已确认', waitlisted: '候补', none: '未报名' };
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
  ) {}

  /** The overview of one run (`runId`, or the only run not archived). @throws DomainError RUN_REQUIRED. */
  async overview(runId?: number) {
    const run = await this.training.resolveRun(runId);
    const overview = await this.overviews.overview(run.id);
    const counts = await this.organisation.rosterCounts();
    return { title: `${run.title} · 总览`, ...overview, roster: counts, outbox: await this.outboxes.counts(), isDraft: run.status === 'draft' };
  }

  /** The participant list; `allDistricts` false hides the district filter (coordinators). */
  async participants(query: ParticipantListQuery, allDistricts = true) {
    const run = await this.training.resolveRun(Number(query.run) || undefined);
    const runs = (await this.training.listRuns()).filter((r) => r.status !== 'archived');
    const districts = await this.organisation.listDistricts();
    const districtId = Number(query.district) || undefined;
    const people = (await this.organisation.listParticipants({ districtId })).filter((p) => inAudience(run, p));
    const active = await this.registrations.activeByParticipant(run.id);
    const answers = await this.replies.answers(people.map((p) => p.id));
    const sessionTitle = (id: number | null) => run.sessions.find((s) => s.id === id)?.title ?? '';
    const rows = people
      .map((p) => {
        const r = active.get(p.id);
        return {
          id: p.id,
          name: p.name,
          isDemo: p.isDemo,
          unit: p.unitLabel,
          post: p.postLabel,
          district: p.districtName,
          mobile: maskMobile(p.mobile),
          email: p.email,
          hasLink: p.hasLink,
          status: r?.status ?? 'none',
          statusText: STATUS_TEXT[r?.status ?? 'none'],
          registrationId: r?.id,
          sessionId: r?.sessionId,
          session: sessionTitle(r?.sessionId ?? null),
          preferences: (r?.preferences ?? []).map(sessionTitle).join(' > '),
          waitlistPosition: r?.waitlistPosition,
          rsvp: r?.status === 'confirmed' ? describeRsvp(answers.get(p.id)?.sessionId === r.sessionId ? answers.get(p.id) : undefined, (d) => formatShanghai(d)) : '',
          pinnedSessionId: r?.pinnedSessionId ?? null,
          pinned: r?.pinnedSessionId ? sessionTitle(r.pinnedSessionId) : '',
        };
      })
      .filter((row) => !query.status || row.status === query.status)
      .filter((row) => !query.session || String(row.sessionId) === query.session)
      .filter((row) => !query.q || row.name.includes(query.q) || row.unit.includes(query.q));
    return {
      title: `参训人员 · ${run.title}`,
      runId: run.id,
      runTitle: run.title,
      runs: runs.map((r) => ({ id: r.id, title: r.title, selected: r.id === run.id })),
      rows,
      total: rows.length,
      sessions: run.sessions.map((s) => ({ id: s.id, title: s.title, selected: query.session === String(s.id) })),
      districts: allDistricts ? districts.map((d) => ({ id: d.id, name: d.name, selected: districtId === d.id })) : null,
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

  async outbox() {
    const rows = await this.outboxes.recent(300);
    return {
      title: '邮件发送队列',
      counts: await this.outboxes.counts(),
      rows: rows.map((r) => ({ ...r, statusText: OUTBOX_STATUS[r.status], createdAt: formatShanghai(r.createdAt), sentAt: r.sentAt && formatShanghai(r.sentAt) })),
    };
  }
}
