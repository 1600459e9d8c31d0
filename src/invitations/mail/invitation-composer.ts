import { formatShanghai, sessionDays } from '../../common/shanghai-time';
import type { TrainingRun } from '../../training/training-run.entity';
import type { TrainingSession } from '../../training/training-session.entity';
import { InvitationTemplate, sessionTemplate } from '../ical/invitation-builder';
import type { MailTemplatesService } from '../mail-templates.service';

/** Why a REQUEST or CANCEL is sent; chooses the mail's wording. */
export type InvitationReason = 'confirmed' | 'promoted' | 'session-changed' | 'cancelled' | 'moved-away' | 'session-cancelled' | 'to-waitlist';

const LEADS: Record<InvitationReason, string> = {
  confirmed: '您已确认参加以下培训：',
  promoted: '有名额空出，您已由候补转为确认参加以下培训：',
  'session-changed': '您参加的培训安排有变更，最新安排如下：',
  cancelled: '您参加以下培训的报名已取消：',
  'moved-away': '您已调整至其他期次，以下期次的安排已取消（新期次的邀请另行发送）：',
  'session-cancelled': '以下培训期次已取消：',
  'to-waitlist': '组织方调整了各期次的人员安排，您在以下期次的名额已取消，已转入候补名单（候补位次另行通知）：',
};

const SUBJECT_PREFIX: Record<InvitationReason, string> = {
  confirmed: '【参训确认】',
  promoted: '【候补转正】',
  'session-changed': '【培训变更】',
  cancelled: '【报名取消】',
  'moved-away': '【期次调整】',
  'session-cancelled': '【培训取消】',
  'to-waitlist': '【期次调整】',
};

/** One person's invitation to compose: who, their stored UID and SEQUENCE, their cancelled days. */
export interface InvitationRecipient {
  participant: { name: string; email: string };
  invitation: { uid: string; sequence: number };
  /** 'YYYY-MM-DD' days they do not attend (EXDATE; REQUEST only). */
  excludedDays: string[];
  /** DTSTAMP: when the change was made (the product clock). */
  dtstamp: Date;
}

/** A composed invitation mail: subject, bodies and the calendar file. */
export interface ComposedInvitation {
  subject: string;
  text: string;
  html: string;
  calendar: string;
}

/** What is the same for every person of one session, method and reason; computed once. */
interface SessionPart {
  template: InvitationTemplate;
  subject: string;
  model: Record<string, unknown>;
}

const CACHE_SIZE = 256;

/**
 * Composes invitation mails, doing once per session what is the same for all its people
 * (issue 10, item 11): the calendar's skeleton (`ics` runs once, invitation-template.ts), the
 * days and deadline as written (luxon, ~0.5 ms), the mail model. Per person only the personal
 * calendar lines and the mail templates (`views/mail/invitation.*.hbs`) with their name remain.
 * The result is the same as composing each person from scratch.
 */
export class InvitationComposer {
  private readonly sessions = new Map<string, SessionPart>();

  constructor(
    private readonly templates: MailTemplatesService,
    private readonly organiser: { name: string; email: string },
  ) {}

  /**
   * @throws the errors of buildInvitation (malformed session facts, an attendee address `ics`
   *   refuses).
   */
  compose(session: TrainingSession, run: TrainingRun, method: 'REQUEST' | 'CANCEL', reason: InvitationReason, who: InvitationRecipient): ComposedInvitation {
    const part = this.sessionPart(session, run, method, reason);
    const attendee = { name: who.participant.name, email: who.participant.email };
    const calendar = part.template.build({ uid: who.invitation.uid, sequence: who.invitation.sequence, dtstamp: who.dtstamp, attendee, excludedDays: who.excludedDays });
    const body = this.templates.render('invitation', { ...part.model, participantName: who.participant.name });
    return { subject: part.subject, text: body.text, html: body.html, calendar };
  }

  /** The session's facts of the calendar (PUBLISH files and feeds use them too). */
  eventFacts(session: TrainingSession, run: TrainingRun) {
    return {
      summary: session.title,
      description: `${run.title}\n主题：${run.topics.split('\n').join('、')}\n主办：${this.organiser.name}${contactLine(run)}`,
      location: session.venue,
      firstDay: session.firstDay,
      dayCount: session.dayCount,
      dailyStart: session.dailyStart,
      dailyEnd: session.dailyEnd,
      organizer: { name: this.organiser.name, email: this.organiser.email },
    };
  }

  private sessionPart(session: TrainingSession, run: TrainingRun, method: 'REQUEST' | 'CANCEL', reason: InvitationReason): SessionPart {
    const facts = this.eventFacts(session, run);
    const key = JSON.stringify([facts, method, reason, run.registrationDeadline.getTime()]);
    let part = this.sessions.get(key);
    if (part) return part;
    const subject = `${SUBJECT_PREFIX[reason]}${session.title}`;
    const days = sessionDays(session.firstDay, session.dayCount, session.dailyStart, session.dailyEnd).map(
      (d) => `${formatShanghai(d.start)}–${formatShanghai(d.end).slice(-5)}`,
    );
    part = {
      template: sessionTemplate({ ...facts, method }),
      subject,
      model: {
        subject,
        lead: LEADS[reason],
        sessionTitle: session.title,
        days,
        venue: session.venue,
        topics: run.topics.split('\n').join('、'),
        deadline: formatShanghai(run.registrationDeadline),
        isRequest: method === 'REQUEST',
        isCancel: method === 'CANCEL',
        organiserName: this.organiser.name,
      },
    };
    if (this.sessions.size >= CACHE_SIZE) this.sessions.delete(this.sessions.keys().next().value as string);
    this.sessions.set(key, part);
    return part;
  }
}

/** The calendar description's contact line ('\n联系人：王老师 021-12345678') when the run names one (issue 13, item 7), else ''. */
function contactLine(run: { contactName: string | null; contactPhone: string | null }): string {
  return run.contactName ? `\n联系人：${run.contactName}${run.contactPhone ? ` ${run.contactPhone}` : ''}` : '';
}
