import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { toShanghaiParts } from '../common/shanghai-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { insertRow } from '../database/insert-row';
import { together } from '../database/together';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { CalendarInvitation, nextSequence } from './calendar-invitation.entity';
import { InvitationExclusion } from './invitation-exclusion.entity';
import { buildCalendarFeed, PublishedEvent } from './ical/calendar-feed';
import { buildOccurrenceCancel } from './ical/occurrence-cancel';
import { buildInvitation } from './ical/invitation-builder';
import { InvitationComposer, InvitationReason } from './mail/invitation-composer';
import { MailTemplatesService } from './mail-templates.service';
import { OutboxService } from './outbox.service';

/** Who an invitation is for and what it is about. */
export interface InvitationSubject {
  participant: { id: number; name: string; email: string };
  session: TrainingSession;
  run: TrainingRun;
}

/** Who a CANCEL is for: the session loaded, or its id and the promise of loading it. */
export type CancelSubject = Omit<InvitationSubject, 'session'> & ({ session: TrainingSession } | { sessionId: number; session: Promise<TrainingSession> });

export type { InvitationReason } from './mail/invitation-composer';

/**
 * The calendar invitation lifecycle (RFC 5546): one UID per participant per session, SEQUENCE
 * stored and only ever raised, each message queued in the caller's transaction.
 */
@Injectable()
export class InvitationsService {
  private readonly composer: InvitationComposer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    templates: MailTemplatesService,
  ) {
    this.composer = new InvitationComposer(templates, { name: config.mail.fromName, email: config.mail.fromAddress });
  }

  /**
   * Queues a METHOD:REQUEST: a new invitation (SEQUENCE 0) or an update (`nextSequence`).
   * `held`: the participant's invitation row for the session when the caller already read it in
   * this transaction (null: none), saving the read. The invitation row and its outbox message go
   * out side by side (the message carries the UID and SEQUENCE decided here, not the row's id).
   */
  async queueRequest(m: EntityManager, subject: InvitationSubject, reason: 'confirmed' | 'promoted' | 'session-changed', held?: CalendarInvitation | null): Promise<void> {
    if (held === undefined) held = await this.held(m, subject.participant.id, subject.session.id);
    if (held) {
      held.sequence = nextSequence(held);
      held.state = 'active';
      await together(m.update(CalendarInvitation, held.id, { sequence: held.sequence, state: held.state }), this.enqueue(m, subject, held, 'REQUEST', reason));
      return;
    }
    const invitation = m.create(CalendarInvitation, {
      participantId: subject.participant.id,
      sessionId: subject.session.id,
      uid: `${randomUUID()}@${this.config.idDomain}`,
      sequence: 0,
      state: 'active',
    });
    // A new UID: no day of it can be excluded yet, no older message can carry it.
    await together(
      (async () => {
        invitation.id = await insertRow(m, CalendarInvitation, { ...invitation });
      })(),
      this.enqueue(m, subject, invitation, 'REQUEST', reason, true),
    );
  }

  /** The participant's invitation row for the session (any state), or null: what `queueRequest` reads first. */
  held(m: EntityManager, participantId: number, sessionId: number): Promise<CalendarInvitation | null> {
    return m.findOneBy(CalendarInvitation, { participantId, sessionId });
  }

  /**
   * Queues a METHOD:CANCEL for the participant's invitation to the session, if they hold one.
   * The session may still be loading (`sessionId` and a promise): it is awaited together with
   * the read of the invitation.
   */
  async queueCancel(m: EntityManager, subject: CancelSubject, reason: 'cancelled' | 'moved-away' | 'session-cancelled' | 'to-waitlist'): Promise<void> {
    const sessionId = 'sessionId' in subject ? subject.sessionId : subject.session.id;
    const [session, invitation] = await together(
      Promise.resolve(subject.session),
      m.findOneBy(CalendarInvitation, { participantId: subject.participant.id, sessionId, state: 'active' }),
    );
    if (!invitation) return;
    invitation.sequence = nextSequence(invitation);
    invitation.state = 'cancelled';
    await together(m.update(CalendarInvitation, invitation.id, { sequence: invitation.sequence, state: invitation.state }), this.enqueue(m, { ...subject, session }, invitation, 'CANCEL', reason));
  }

  /**
   * Queues an iTIP CANCEL of one day of the participant's invitation (a one-day leave, issue 11):
   * same UID, SEQUENCE raised and stored, RECURRENCE-ID of the day; the other days stay. The
   * outbox key is the UID with the day, so a still-unsent REQUEST of the series is not superseded.
   * `mail` is the message text around it. @returns false when they hold no active invitation.
   */
  async queueOccurrenceCancel(m: EntityManager, subject: InvitationSubject, day: { start: Date; end: Date }, mail: { subject: string; text: string; html: string }): Promise<boolean> {
    const invitation = await m.findOneBy(CalendarInvitation, { participantId: subject.participant.id, sessionId: subject.session.id, state: 'active' });
    if (!invitation) return false;
    invitation.sequence = nextSequence(invitation);
    await m.save(invitation);
    await m.createQueryBuilder().insert().into(InvitationExclusion).values({ invitationId: invitation.id, day: toShanghaiParts(day.start).date }).orIgnore().execute();
    const content = buildOccurrenceCancel({
      uid: invitation.uid,
      sequence: invitation.sequence,
      dtstamp: this.clock.now(),
      summary: subject.session.title,
      location: subject.session.venue,
      start: day.start,
      end: day.end,
      organizer: { name: this.config.mail.fromName, email: this.config.mail.fromAddress },
      attendee: { name: subject.participant.name, email: subject.participant.email },
    });
    await this.outbox.enqueue(m, {
      kind: 'invitation',
      recipientAddress: subject.participant.email,
      recipientName: subject.participant.name,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      calendar: { method: 'CANCEL', content, uid: `${invitation.uid};RECURRENCE-ID=${day.start.toISOString()}` },
    });
    return true;
  }

  /**
   * The participant's current event for the session as a METHOD:PUBLISH file (RFC 5546 §3.2.1):
   * same UID and SEQUENCE as the last REQUEST, no ATTENDEE, for download rather than reply.
   * @returns null when they hold no active invitation for the session.
   */
  async publishedCalendar(subject: InvitationSubject): Promise<string | null> {
    const invitation = await this.dataSource.manager.findOneBy(CalendarInvitation, {
      participantId: subject.participant.id,
      sessionId: subject.session.id,
      state: 'active',
    });
    return invitation ? buildInvitation({ ...this.eventFacts(subject, invitation, await this.excluded(this.dataSource.manager, invitation)), method: 'PUBLISH' }) : null;
  }

  /**
   * A session's calendar for organisers: one VEVENT per participant holding an active invitation
   * (their own UID and SEQUENCE), the participant's name in SUMMARY, no alarms. METHOD:PUBLISH.
   * `participants` are the session's confirmed people; anyone without an invitation is left out.
   */
  async sessionFeed(session: TrainingSession, run: TrainingRun, participants: InvitationSubject['participant'][]): Promise<string> {
    const invitations = await this.dataSource.manager.find(CalendarInvitation, {
      where: { sessionId: session.id, state: 'active', participantId: In(participants.map((p) => p.id)) },
    });
    const byParticipant = new Map(invitations.map((i) => [i.participantId, i]));
    const events: PublishedEvent[] = [];
    for (const participant of participants) {
      const invitation = byParticipant.get(participant.id);
      if (!invitation) continue;
      const event = this.eventFacts({ participant, session, run }, invitation, await this.excluded(this.dataSource.manager, invitation));
      events.push({ ...event, summary: `${session.title} · ${participant.name}`, alarm: false });
    }
    return buildCalendarFeed(`${session.title} · 参训人员`, events);
  }

  /** The event as the stored invitation describes it now; method and attendee are the caller's. */
  /** The participant's own cancelled days of this invitation ('YYYY-MM-DD'). */
  private async excluded(m: EntityManager, invitation: CalendarInvitation): Promise<string[]> {
    return (await m.findBy(InvitationExclusion, { invitationId: invitation.id })).map((e) => e.day);
  }

  private eventFacts({ session, run }: InvitationSubject, invitation: CalendarInvitation, excludedDays: string[] = []): PublishedEvent {
    return { ...this.composer.eventFacts(session, run), uid: invitation.uid, sequence: invitation.sequence, dtstamp: this.clock.now(), excludedDays };
  }

  private async enqueue(
    m: EntityManager,
    { participant, session, run }: InvitationSubject,
    invitation: CalendarInvitation,
    method: 'REQUEST' | 'CANCEL',
    reason: InvitationReason,
    freshUid = false,
  ): Promise<void> {
    const excludedDays = method === 'REQUEST' && !freshUid ? await this.excluded(m, invitation) : [];
    const mail = this.composer.compose(session, run, method, reason, { participant, invitation, excludedDays, dtstamp: this.clock.now() });
    await this.outbox.enqueue(m, {
      kind: 'invitation',
      recipientAddress: participant.email,
      recipientName: participant.name,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      calendar: { method, content: mail.calendar, uid: invitation.uid, freshUid },
    });
  }
}
