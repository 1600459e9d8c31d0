import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RegistrationsService } from '../../registrations/registrations.service';
import { TrainingService } from '../../training/training.service';
import type { RsvpPartstat } from '../calendar-invitation.entity';
import { InvitationRepliesService } from '../invitation-replies.service';

/** What one inbound message did. */
export type RsvpResult =
  | { status: 'recorded'; participantId: number; sessionId: number; partstat: RsvpPartstat; seatFreed: boolean }
  | { status: 'ignored'; reason: string };

/**
 * Turns an inbound iMIP message (RFC 6047) into an RSVP: reads its calendar part, checks it is
 * a REPLY from the invited participant themselves, and records PARTSTAT on the invitation.
 * "From the participant" means: the mail's From is one address and it is the ATTENDEE. A SENT-BY
 * delegate (RFC 5545 §3.2.18) is declared by the sender, so it never authorises another sender:
 * it could only count for a delegate the product itself recorded, and it records none. The From
 * address itself is not authenticated here (no DKIM/SPF); that rests on the organisation's mail
 * server in front of the listener (issue 9 item 4). A DECLINED answer frees
 * the seat when `RSVP_DECLINE_POLICY=free-seat` (the registration is cancelled as an organiser
 * would, which promotes the waitlist and sends the CANCEL); otherwise organisers only see it.
 * Anything unusable is logged with its reason and changes nothing.
 *
 * mailparser and ical.js are loaded on first use, so the app boots without them (they are
 * development dependencies) while the listener is off.
 */
@Injectable()
export class RsvpService {
  private readonly logger = new Logger('Rsvp');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly replies: InvitationRepliesService,
    private readonly registrations: RegistrationsService,
    private readonly training: TrainingService,
  ) {}

  /**
   * Handles one raw RFC 5322 message.
   * @throws only on an internal failure (e.g. the database), so the sender retries later.
   */
  async handleMail(raw: Buffer): Promise<RsvpResult> {
    const { readReplyMail } = await import('./reply-mail');
    const { readReplyCalendar } = await import('./reply-calendar');
    let mail: Awaited<ReturnType<typeof readReplyMail>>;
    try {
      mail = await readReplyMail(raw);
    } catch (error) {
      return this.ignore('malformed-mail', (error as Error).message);
    }
    const where = `message ${mail.messageId ?? '(no Message-ID)'} from ${maskAddress(mail.from)}`;
    if (mail.calendars.length === 0) return this.ignore('no-calendar', where);
    const reading = readReplyCalendar(mail.calendars[0]);
    if (!reading.ok) return this.ignore(reading.reason, `${where}${reading.detail ? `: ${reading.detail}` : ''}`);
    const { reply, organizer, sentBy } = reading;
    if (organizer && organizer !== this.config.mail.fromAddress.toLowerCase()) return this.ignore('not-our-event', `${where}, ORGANIZER ${organizer}`);
    const refused = senderRefusal(mail.from, reply.attendee, sentBy);
    if (refused) return this.ignore(refused, `${where}, ATTENDEE ${maskAddress(reply.attendee)}, SENT-BY ${maskAddress(sentBy)}`);
    const outcome = await this.replies.record(reply);
    if (!outcome.recorded) return this.ignore(outcome.reason, `${where}, UID ${reply.uid}, SEQUENCE ${reply.sequence}`);
    this.logger.log(`RSVP ${outcome.partstat} from participant ${outcome.participantId} for UID ${reply.uid}`);
    const seatFreed = outcome.partstat === 'DECLINED' && this.config.inbound.declinePolicy === 'free-seat' && (await this.freeSeat(outcome));
    return { status: 'recorded', participantId: outcome.participantId, sessionId: outcome.sessionId, partstat: outcome.partstat, seatFreed };
  }

  /** Cancels the registration if it still holds a seat in the declined session. */
  private async freeSeat({ participantId, sessionId }: { participantId: number; sessionId: number }): Promise<boolean> {
    const session = await this.training.session(sessionId);
    const registration = await this.registrations.current(participantId, session.runId);
    if (registration?.status !== 'confirmed' || registration.sessionId !== sessionId) {
      this.logger.warn(`RSVP DECLINED by participant ${participantId}: no longer confirmed in session ${sessionId}; nothing to free`);
      return false;
    }
    try {
      await this.registrations.cancelByOrganiser(registration.id);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`RSVP DECLINED by participant ${participantId}: could not cancel registration ${registration.id}: ${error.message}`);
      return false;
    }
    this.logger.log(`RSVP DECLINED: registration ${registration.id} cancelled, seat in session ${sessionId} freed`);
    return true;
  }

  private ignore(reason: string, detail: string): RsvpResult {
    this.logger.warn(`Reply ignored (${reason}): ${detail}`);
    return { status: 'ignored', reason };
  }
}

/** Why a reply's sender may not answer for its ATTENDEE. */
export type SenderRefusal = 'ambiguous-sender' | 'delegate-not-recorded' | 'sender-not-attendee';

/**
 * Whether the mail's sender may answer for the ATTENDEE: only the ATTENDEE themselves.
 * `from` is null when the mail has no From or several addresses in it. A SENT-BY naming the
 * sender is a delegate the product has not recorded (it records none), so it is refused too.
 * @returns null when allowed, else the reason. Pure.
 */
export function senderRefusal(from: string | null, attendee: string, sentBy: string | null): SenderRefusal | null {
  if (!from) return 'ambiguous-sender';
  if (from === attendee) return null;
  return from === sentBy ? 'delegate-not-recorded' : 'sender-not-attendee';
}

/** An address as logs may show it (no personal data in logs, issue 6): `c***@example.org`. */
export function maskAddress(address: string | null | undefined): string {
  if (!address) return '(none)';
  const [local, domain] = address.split('@');
  return domain ? `${local.slice(0, 1)}***@${domain}` : '***';
}
