import { Injectable } from '@nestjs/common';
import { formatShanghai, sessionDays, toShanghaiParts } from '../common/shanghai-time';
import { OrganisationService } from '../organisation/organisation.service';
import { POST_KIND_LABELS, PostKind } from '../organisation/post.entity';
import { inAudience, readAudience } from '../training/run-audience';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingService } from '../training/training.service';
import { addDays, consecutiveDates } from './calendar/working-days';
import { monthGrids } from './calendar/month-grid';
import { ProposedSession } from './proposal/propose-dates';
import { venueLabel } from './venues/venue.entity';
import { VenuesService } from './venues/venues.service';

export const RUN_STATUS_TEXT: Record<string, string> = { draft: '草稿', open: '报名中', closed: '报名已关闭', archived: '已归档' };
const WEEKDAYS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/** View models of the scheduling pages (plain objects, never entities). */
@Injectable()
export class SchedulingViewsService {
  constructor(
    private readonly training: TrainingService,
    private readonly organisation: OrganisationService,
    private readonly venues: VenuesService,
  ) {}

  async runList() {
    const runs = await Promise.all((await this.training.listRuns()).map((r) => this.training.run(r.id)));
    return {
      title: '培训班',
      runs: runs.reverse().map((r) => ({ id: r.id, title: r.title, division: r.division, status: RUN_STATUS_TEXT[r.status], deadline: formatShanghai(r.registrationDeadline), sessions: r.sessions.length, dates: this.dateSpan(r) })),
    };
  }

  /** The run form: from a run, from what was submitted, or blank (a new run). */
  async runForm(run: TrainingRun | null, form?: Record<string, unknown>, errors: Record<string, string> = {}, error?: string) {
    const text = (key: string, fallback: string) => (form && typeof form[key] === 'string' ? (form[key] as string) : fallback);
    const audience = form
      ? { posts: [form.audiencePosts ?? []].flat().map(String), districtIds: [form.audienceDistricts ?? []].flat().map(Number), participantIds: [] as number[] }
      : run
        ? readAudience(run)
        : { posts: Object.keys(POST_KIND_LABELS), districtIds: [] as number[], participantIds: [] as number[] };
    const listed = audience.participantIds.length ? (await this.organisation.listParticipants({ ids: audience.participantIds })).map((p) => p.email).join('\n') : '';
    const local = (d: Date | null | undefined) => (d ? `${toShanghaiParts(d).date}T${toShanghaiParts(d).time}` : '');
    const defaultVenue = text('defaultVenueId', run?.defaultVenueId ? String(run.defaultVenueId) : '');
    return {
      title: run ? `修改 ${run.title}` : '新建培训班',
      action: run ? `/admin/runs/${run.id}` : '/admin/runs',
      runId: run?.id,
      fields: {
        title: text('title', run?.title ?? ''),
        topics: text('topics', run?.topics ?? ''),
        division: text('division', run?.division ?? '市局促进法治处'),
        contactName: text('contactName', run?.contactName ?? ''),
        contactPhone: text('contactPhone', run?.contactPhone ?? ''),
        registrationOpensAt: text('registrationOpensAt', local(run?.registrationOpensAt)),
        registrationDeadline: text('registrationDeadline', local(run?.registrationDeadline)),
        plannedSessions: text('plannedSessions', String(run?.plannedSessions ?? 2)),
        daysPerSession: text('daysPerSession', String(run?.daysPerSession ?? 2)),
        dailyStart: text('dailyStart', run?.dailyStart ?? '09:00'),
        dailyEnd: text('dailyEnd', run?.dailyEnd ?? '17:00'),
        sessionCapacity: text('sessionCapacity', String(run?.sessionCapacity ?? 60)),
        audienceList: text('audienceList', listed),
      },
      venues: (await this.venues.list()).map((v) => ({ id: v.id, label: `${venueLabel(v)}，${v.capacity} 座`, selected: String(v.id) === defaultVenue })),
      posts: Object.entries(POST_KIND_LABELS).map(([value, label]) => ({ value, label, checked: (audience.posts as string[]).includes(value) })),
      districts: (await this.organisation.listDistricts()).map((d) => ({ id: d.id, name: d.name, checked: audience.districtIds.includes(d.id) })),
      errors,
      error: error ?? (Object.keys(errors).length ? '请修正标红的项目后再保存。' : undefined),
    };
  }

  /** A run's page: settings, audience counted per district, sessions on a month calendar, actions. */
  async runPage(runId: number, notice?: string, error?: string, contactForm: { fields: Record<string, unknown>; errors: Record<string, string> } | null = null) {
    const run = await this.training.run(runId);
    const audience = readAudience(run);
    const people = (await this.organisation.listParticipants()).filter((p) => inAudience(run, p));
    const perDistrict = new Map<string, number>();
    for (const p of people) perDistrict.set(p.districtName, (perDistrict.get(p.districtName) ?? 0) + 1);
    const venues = new Map((await this.venues.list()).map((v) => [v.id, v]));
    const marks = new Map<string, string>();
    run.sessions.filter((s) => s.status === 'scheduled').forEach((s) => consecutiveDates(s.firstDay, s.dayCount).forEach((d) => marks.set(d, `第${s.ordinal}期`)));
    const days = [...marks.keys()].sort();
    return {
      title: run.title,
      notice,
      error,
      run: {
        id: run.id,
        title: run.title,
        division: run.division,
        topics: run.topics.split('\n').join('、'),
        status: RUN_STATUS_TEXT[run.status],
        isDraft: run.status === 'draft',
        isOpen: run.status === 'open',
        mayArchive: run.status === 'draft' || run.status === 'closed',
        opensAt: run.registrationOpensAt ? formatShanghai(run.registrationOpensAt) : '开放后即可报名',
        deadline: formatShanghai(run.registrationDeadline),
        plan: `${run.plannedSessions} 期 × ${run.daysPerSession} 天，每日 ${run.dailyStart}–${run.dailyEnd}，每期 ${run.sessionCapacity} 人`,
        venue: run.defaultVenueId && venues.get(run.defaultVenueId) ? venueLabel(venues.get(run.defaultVenueId)!) : '未指定',
        audience: audience.participantIds.length ? `导入名单（${audience.participantIds.length} 人）` : `${audience.districtIds.length ? `${audience.districtIds.length} 个区` : '全市各区'}：${audience.posts.map((p) => POST_KIND_LABELS[p as PostKind]).join('、')}`,
      },
      contact: {
        name: contactForm ? String(contactForm.fields.contactName ?? '') : (run.contactName ?? ''),
        phone: contactForm ? String(contactForm.fields.contactPhone ?? '') : (run.contactPhone ?? ''),
        errors: contactForm?.errors ?? {},
        mayChange: run.status !== 'archived',
      },
      audienceTotal: people.length,
      audienceByDistrict: [...perDistrict.entries()].map(([name, count]) => ({ name, count })),
      sessions: run.sessions.map((s) => ({
        id: s.id,
        title: s.title,
        dates: sessionDays(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd).map((d) => formatShanghai(d.start, false)).join('、'),
        hours: `${s.dailyStart}–${s.dailyEnd}`,
        venue: s.venue,
        capacity: s.capacity,
        confirmed: s.confirmedCount,
        cancelled: s.status === 'cancelled',
      })),
      months: days.length ? monthGrids(days[0], days[days.length - 1], marks).map(decorate) : [],
      weekdays: WEEKDAYS,
    };
  }

  /** The date-proposal page: the form, and the proposal on month calendars with an editable accept form. */
  async schedulePage(runId: number, query: Record<string, string | string[] | undefined>, proposal: ProposedSession[] | null, error?: string) {
    const run = await this.training.run(runId);
    const q = (key: string, fallback: string) => (typeof query[key] === 'string' ? (query[key] as string) : fallback);
    const from = q('from', addDays(toShanghaiParts(run.registrationDeadline).date, 1));
    const avoid = avoidedWeekdays(query);
    const marks = new Map<string, string>();
    proposal?.forEach((s, i) => s.days.forEach((d) => marks.set(d, `第${i + 1}期`)));
    const venueId = q('venueId', run.defaultVenueId ? String(run.defaultVenueId) : '');
    return {
      title: `排期 · ${run.title}`,
      run: { id: run.id, title: run.title, deadline: formatShanghai(run.registrationDeadline), isDraft: run.status === 'draft', daysPerSession: run.daysPerSession },
      form: { from, to: q('to', addDays(from, 30)), sessions: q('sessions', String(run.plannedSessions)), daysPerSession: String(run.daysPerSession), gap: q('gap', '1') },
      weekdayChoices: WEEKDAYS.map((label, i) => ({ value: i + 1, label, checked: avoid.includes(i + 1) })),
      error,
      proposal: proposal?.map((s, i) => ({ index: i + 1, firstDay: s.firstDay, days: s.days.join('、') })) ?? null,
      venues: (await this.venues.list()).map((v) => ({ id: v.id, label: `${venueLabel(v)}，${v.capacity} 座`, selected: String(v.id) === venueId })),
      months: proposal ? monthGrids(q('from', from), q('to', addDays(from, 30)), marks).map(decorate) : [],
      weekdays: WEEKDAYS,
    };
  }

  private dateSpan(run: TrainingRun): string {
    const days = run.sessions.map((s) => s.firstDay).sort();
    return days.length ? `${days[0]} 起` : '尚未排期';
  }
}

/**
 * The weekdays ticked under 避开 on the 排期 form (1 = Monday … 7 = Sunday). Each weekday is its
 * own query key (`avoid1` … `avoid7`), since a repeated key is refused for every route
 * (refuseRepeatedQueryKeys).
 */
export function avoidedWeekdays(query: Record<string, unknown>): number[] {
  return WEEKDAYS.map((_, i) => i + 1).filter((w) => query[`avoid${w}`] !== undefined);
}

/** Adds a CSS class and a title to each calendar cell. */
function decorate(grid: ReturnType<typeof monthGrids>[number]) {
  return {
    title: grid.title,
    weeks: grid.weeks.map((w) =>
      w.map((d) => ({
        ...d,
        css: [d.inMonth ? '' : 'out', d.kind, d.mark ? 'planned' : ''].filter(Boolean).join(' '),
        note: d.kind === 'holiday' ? `${d.holiday}` : d.kind === 'adjusted-workday' ? '调休上班' : '',
      })),
    ),
  };
}
