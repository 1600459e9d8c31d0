import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { formatShanghai, sessionDayLabels } from '../common/shanghai-time';
import { OrganisationService, ParticipantProfile } from '../organisation/organisation.service';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { TrainingService } from '../training/training.service';
import { DomainError } from '../common/domain-error';
import { inAudience } from '../training/run-audience';
import { checkParticipantMayAct } from './registration-rules';
import { OwnRegistrationReader } from './own-registration.reader';
import { RegistrationState } from './registrations.service';

/** Messages shown after a successful action (`?done=`). */
export const DONE_MESSAGES: Record<string, string> = {
  registered: '报名已提交。',
  changed: '志愿已更新。',
  cancelled: '报名已取消，日历取消通知将发送到您的邮箱。',
  contact: '联系方式已更新，今后的通知将发送到新的邮箱。',
};

const RUN_STATUS_TEXT: Record<string, string> = { draft: '尚未开放', open: '报名中', closed: '报名已截止', archived: '已归档' };
const STATUS_TEXT = { confirmed: '已确认参训', waitlisted: '候补中', cancelled: '已取消' } as const;
const CHOICE_LABELS = ['第一志愿', '第二志愿', '第三志愿'];

/** Extra state of a page render: a message, an error, the choices the person just submitted. */
export interface PortalExtras {
  done?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  submitted?: (number | null)[];
  unavailable?: number[];
  /** The contact form as typed, and its field errors (issue 13, item 7). */
  contact?: { email: string; mobile: string };
  contactErrors?: Record<string, string>;
}

/** Builds the view model of a participant's personal page (views/registrations/participant.hbs). */
@Injectable()
export class ParticipantPortalService {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly training: TrainingService,
    private readonly ownRegistration: OwnRegistrationReader,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The runs a person is invited to (issue 12): runs open or closed whose audience includes
   * their post and district; before any is open, the draft runs they are in (shown as not yet open).
   */
  async invitedRuns(participant: ParticipantProfile): Promise<TrainingRun[]> {
    const mine = (runs: TrainingRun[]) => runs.filter((r) => inAudience(r, participant));
    const published = mine(await this.training.publishedRuns());
    if (published.length) return published;
    const drafts = (await this.training.listRuns()).filter((r) => r.status === 'draft');
    return Promise.all(mine(drafts).map((r) => this.training.run(r.id)));
  }

  /**
   * The participant and run a personal link opens: `runId` when given (it must be one of their
   * runs), else their only run. `run` is null when they are invited to several and named none.
   * @throws DomainError INVALID_TOKEN, NOT_IN_AUDIENCE (a run they are not invited to), NOT_FOUND (no run).
   */
  async resolve(token: string, runId?: number): Promise<{ participant: ParticipantProfile; run: TrainingRun | null; runs: TrainingRun[] }> {
    const participant = await this.organisation.participantByToken(token);
    const runs = await this.invitedRuns(participant);
    if (runId) {
      const run = runs.find((r) => r.id === runId);
      if (!run) throw new DomainError('NOT_IN_AUDIENCE', '该培训班不在您的参训范围内，或尚未开放。');
      return { participant, run, runs };
    }
    if (!runs.length) throw new DomainError('NOT_FOUND', '目前没有您需要参加的培训班。');
    return { participant, run: runs.length === 1 ? runs[0] : null, runs };
  }

  /** Like `resolve`, but a run is required (forms name it). @throws DomainError RUN_REQUIRED. */
  async resolveRun(token: string, runId?: number): Promise<{ participant: ParticipantProfile; run: TrainingRun }> {
    const { participant, run } = await this.resolve(token, runId);
    if (!run) throw new DomainError('RUN_REQUIRED', '您参加多个培训班，请在个人页面上选择培训班后再操作。');
    return { participant, run };
  }

  async pageModel(token: string, extras: PortalExtras & { runId?: number } = {}) {
    const { participant, run, runs } = await this.resolve(token, extras.runId);
    const runLinks = runs.map((r) => ({ id: r.id, title: r.title, deadline: formatShanghai(r.registrationDeadline), current: r.id === run?.id, status: RUN_STATUS_TEXT[r.status] }));
    if (!run) return { title: '个人报名 · 选择培训班', token, participant, chooseRun: true, runLinks };
    const registration = await this.ownRegistration.registrationOf(participant.id, run.id);
    const selected = extras.submitted ?? registration?.preferences ?? [];
    return {
      title: `${run.title} · 个人报名`,
      token,
      runId: run.id,
      runLinks: runs.length > 1 ? runLinks : null,
      participant,
      run: { title: run.title, topics: run.topics.split('\n').join('、'), deadline: formatShanghai(run.registrationDeadline) },
      closedReason: this.closedReason(run),
      sessions: run.sessions.map((s) => sessionRow(s, registration)),
      registration: registration && describe(registration, run.sessions),
      choices: CHOICE_LABELS.map((label, i) => ({
        name: `choice${i + 1}`,
        label,
        required: i === 0,
        error: extras.fieldErrors?.[`choice${i + 1}`],
        options: run.sessions
          .filter((s) => s.status === 'scheduled')
          .map((s) => ({ id: s.id, title: s.title, selected: selected[i] === s.id, selectedAttr: selected[i] === s.id ? 'selected' : '' })),
      })),
      unavailable: run.sessions
        .filter((s) => s.status === 'scheduled')
        .map((s) => unavailableOption(s, extras.unavailable ?? registration?.unavailable ?? [])),
      unavailableError: extras.fieldErrors?.unavailable,
      done: extras.done ? DONE_MESSAGES[extras.done] : undefined,
      error: extras.error,
      ...(await this.details(run, registration)),
      contactForm: { email: extras.contact?.email ?? participant.email, mobile: extras.contact?.mobile ?? participant.mobile, errors: extras.contactErrors ?? {} },
    };
  }

  /**
   * Agenda, venue and the organiser's contact (issue 13, item 7): the days and hours of the
   * person's session (or of every session before they are placed), the run's topics, the venue's
   * address and room, and whom to write to.
   */
  private async details(run: TrainingRun, registration: RegistrationState | null) {
    const mine = run.sessions.find((s) => registration?.status === 'confirmed' && s.id === registration.sessionId);
    const venueIds = [...new Set(run.sessions.map((s) => s.venueId).filter((id): id is number => id !== null))];
    const venues = new Map<number, { name: string; address: string; room: string }>();
    if (venueIds.length) for (const v of await this.dataSource.query(`SELECT id, name, address, room FROM venue WHERE id IN (${venueIds.map(Number).join(',')})`)) venues.set(Number(v.id), v);
    const place = (s: TrainingSession) => (s.venueId !== null && venues.get(s.venueId)) || { name: s.venue, address: '', room: '' };
    const agendaOf = (s: TrainingSession) => ({
      title: s.title,
      place: place(s),
      days: sessionDayLabels(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd).map((date, i) => ({ day: i + 1, date, hours: `${s.dailyStart}–${s.dailyEnd}` })),
    });
    return {
      agenda: (mine ? [mine] : run.sessions.filter((s) => s.status === 'scheduled')).map(agendaOf),
      agendaIsMine: Boolean(mine),
      topics: run.topics.split('\n').map((t) => t.trim()).filter(Boolean),
      organiserContact: { name: run.contactName ?? this.config.mail.fromName, phone: run.contactPhone, telHref: run.contactPhone ? `tel:${run.contactPhone}` : null, email: this.config.mail.fromAddress },
    };
  }

  private closedReason(run: TrainingRun): string | null {
    try {
      checkParticipantMayAct(run, this.clock.now());
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
}

/**
 * A row of the page's session table. Attributes and the seats cell come as ready text (`seats`,
 * `selectedAttr`, `checkedAttr`) rather than `{{#if}}` blocks in the template: with 40 sessions
 * the page ran ≈ 300 block helpers a view, a large part of its render (issue 10, item 7).
 */
function sessionRow(s: TrainingSession, registration: RegistrationState | null) {
  const full = s.confirmedCount >= s.capacity;
  const seatsLeft = Math.max(0, s.capacity - s.confirmedCount);
  return {
    seats: s.status === 'cancelled' ? '已取消' : full ? '已满' : `${seatsLeft} / ${s.capacity}`,
    id: s.id,
    title: s.title,
    dates: sessionDayLabels(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd).join('、'),
    hours: `${s.dailyStart}–${s.dailyEnd}`,
    venue: s.venue,
    capacity: s.capacity,
    seatsLeft,
    full,
    cancelled: s.status === 'cancelled',
    mine: registration?.status === 'confirmed' && registration.sessionId === s.id,
  };
}

/** A checkbox of the "cannot attend" list, ticked when `ticked` names the session. */
function unavailableOption(s: TrainingSession, ticked: number[]) {
  const checked = ticked.includes(s.id);
  return { id: s.id, title: s.title, checked, checkedAttr: checked ? 'checked' : '' };
}

function describe(r: RegistrationState, sessions: TrainingSession[]) {
  const titleOf = (id: number | null) => sessions.find((s) => s.id === id)?.title ?? '';
  return {
    status: r.status,
    statusText: STATUS_TEXT[r.status],
    confirmed: r.status === 'confirmed',
    waitlisted: r.status === 'waitlisted',
    sessionTitle: titleOf(r.sessionId),
    preferences: r.preferences.map(titleOf),
    waitlistPosition: r.waitlistPosition,
  };
}
