import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { formatShanghai, sessionDays } from '../common/shanghai-time';
import { OrganisationService, ParticipantProfile } from '../organisation/organisation.service';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { TrainingService } from '../training/training.service';
import { checkParticipantMayAct } from './registration-rules';
import { RegistrationsService, RegistrationState } from './registrations.service';

/** Messages shown after a successful action (`?done=`). */
export const DONE_MESSAGES: Record<string, string> = {
  registered: '报名已提交。',
  changed: '志愿已更新。',
  cancelled: '报名已取消，日历取消通知将发送到您的邮箱。',
};

const STATUS_TEXT = { confirmed: '已确认参训', waitlisted: '候补中', cancelled: '已取消' } as const;
const CHOICE_LABELS = ['第一志愿', '第二志愿', '第三志愿'];

/** Extra state of a page render: a message, an error, the choices the person just submitted. */
export interface PortalExtras {
  done?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  submitted?: (number | null)[];
  unavailable?: number[];
}

/** Builds the view model of a participant's personal page (views/registrations/participant.hbs). */
@Injectable()
export class ParticipantPortalService {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly training: TrainingService,
    private readonly registrations: RegistrationsService,
    private readonly clock: Clock,
  ) {}

  /** The participant and run a personal link opens. @throws DomainError INVALID_TOKEN. */
  async resolve(token: string): Promise<{ participant: ParticipantProfile; run: TrainingRun }> {
    const participant = await this.organisation.participantByToken(token);
    return { participant, run: await this.training.defaultRun() };
  }

  async pageModel(token: string, extras: PortalExtras = {}) {
    const { participant, run } = await this.resolve(token);
    const registration = await this.registrations.current(participant.id, run.id);
    const selected = extras.submitted ?? registration?.preferences ?? [];
    return {
      title: `${run.title} · 个人报名`,
      token,
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
          .map((s) => ({ id: s.id, title: s.title, selected: selected[i] === s.id })),
      })),
      unavailable: run.sessions
        .filter((s) => s.status === 'scheduled')
        .map((s) => ({ id: s.id, title: s.title, checked: (extras.unavailable ?? registration?.unavailable ?? []).includes(s.id) })),
      unavailableError: extras.fieldErrors?.unavailable,
      done: extras.done ? DONE_MESSAGES[extras.done] : undefined,
      error: extras.error,
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

function sessionRow(s: TrainingSession, registration: RegistrationState | null) {
  const days = sessionDays(s.firstDay, s.dayCount, s.dailyStart, s.dailyEnd);
  return {
    id: s.id,
    title: s.title,
    dates: days.map((d) => formatShanghai(d.start, false)).join('、'),
    hours: `${s.dailyStart}–${s.dailyEnd}`,
    venue: s.venue,
    capacity: s.capacity,
    seatsLeft: Math.max(0, s.capacity - s.confirmedCount),
    full: s.confirmedCount >= s.capacity,
    cancelled: s.status === 'cancelled',
    mine: registration?.status === 'confirmed' && registration.sessionId === s.id,
  };
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
