import { AuditService } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { OrganisationService } from '../organisation/organisation.service';
import { CalendarInvitation, RsvpPartstat } from './calendar-invitation.entity';

/** An attendee's answer, as read from an iTIP REPLY (RFC 5546 §3.2.3). */
export interface AttendeeReply {
  uid: string;
  /** The ATTENDEE's address without `mailto:`. */
  attendee: string;
  partstat: RsvpPartstat;
  /** SEQUENCE of the version answered (0 when absent). */
  sequence: number;
  dtstamp: Date | null;
}

/** Why a reply changed nothing. */
export type IgnoredReplyReason =
  | 'unknown-uid'
  | 'attendee-mismatch'
  | 'invitation-cancelled'
  | 'stale-sequence'
  | 'older-than-recorded';

/** What recording a reply did. */
export type ReplyOutcome =
  | { recorded: true; participantId: number; sessionId: number; partstat: RsvpPartstat }
  | { recorded: false; reason: IgnoredReplyReason };

/** A participant's answer to their current invitation, for organiser lists. */
export interface RsvpState {
  sessionId: number;
  partstat: RsvpPartstat | null;
  at: Date | null;
  /** False when the answer was to an earlier version (the session changed since). */
  current: boolean;
}

/**
 * Records attendees' answers on their invitations. An answer counts only when it matches an
 * active invitation's UID, comes from the participant's own address, and is not stale (its
 * SEQUENCE is below ours: it answered a version the session has changed since). A SEQUENCE
 * above ours is an answer to the current version from a client that raises SEQUENCE when it
 * replies: recorded, never adopted as ours, but kept as `highestSequenceSeen` so the next update
 * goes above it. Among answers to one version the latest DTSTAMP wins (RFC 5546 §2.1.5).
 */
@Injectable()
export class InvitationRepliesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly organisation: OrganisationService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Stores PARTSTAT and the time received, or says why not. Nothing changes when ignored. */
  record(reply: AttendeeReply): Promise<ReplyOutcome> {
    return this.transactions.run(async (m) => {
      const invitation = await m.findOneBy(CalendarInvitation, { uid: reply.uid });
      if (!invitation) return ignored('unknown-uid');
      const participant = await this.organisation.participant(invitation.participantId, m);
      if (participant.email.toLowerCase() !== reply.attendee.toLowerCase()) return ignored('attendee-mismatch');
      if (invitation.state !== 'active') return ignored('invitation-cancelled');
      if (reply.sequence < invitation.sequence) return ignored('stale-sequence');
      const highestSequenceSeen = Math.max(invitation.highestSequenceSeen ?? 0, reply.sequence);
      if (highestSequenceSeen !== (invitation.highestSequenceSeen ?? 0)) {
        await m.update(CalendarInvitation, invitation.id, { highestSequenceSeen });
      }
      const sameVersion = invitation.rsvpSequence === invitation.sequence;
      if (sameVersion && invitation.rsvpDtstamp && reply.dtstamp && reply.dtstamp < invitation.rsvpDtstamp) {
        return ignored('older-than-recorded');
      }
      await m.update(CalendarInvitation, invitation.id, {
        rsvpPartstat: reply.partstat,
        rsvpAt: this.clock.now(),
        // The version answered is ours, whatever SEQUENCE the client wrote.
        rsvpSequence: invitation.sequence,
        rsvpDtstamp: reply.dtstamp,
      });
      await this.audit.record(m, {
        action: 'invitation.rsvp',
        subjectType: 'calendar_invitation',
        subjectId: invitation.id,
        districtId: participant.districtId,
        before: { partstat: invitation.rsvpPartstat ?? null },
        after: { partstat: reply.partstat, sequence: invitation.sequence, replySequence: reply.sequence },
        actor: { kind: 'participant', id: participant.id, label: `${participant.name}（日历回复）`, districtId: participant.districtId },
      });
      return { recorded: true, participantId: invitation.participantId, sessionId: invitation.sessionId, partstat: reply.partstat };
    });
  }

  /** Answers to the active invitations of these participants, by participant id. */
  async answers(participantIds: number[]): Promise<Map<number, RsvpState>> {
    if (participantIds.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(CalendarInvitation).find({
      where: { participantId: In(participantIds), state: 'active' },
    });
    return new Map(
      rows.map((r) => [
        r.participantId,
        { sessionId: r.sessionId, partstat: r.rsvpPartstat, at: r.rsvpAt, current: r.rsvpSequence === r.sequence },
      ]),
    );
  }
}

const PARTSTAT_TEXT: Record<RsvpPartstat, string> = { ACCEPTED: '已接受', TENTATIVE: '暂定', DECLINED: '已拒绝' };

/**
 * The organiser's words for an answer: 已接受 / 暂定 / 已拒绝 with the time received (via
 * `formatTime`), 待重新回复 when the answer was to an earlier version, 未回复 when none came.
 */
export function describeRsvp(state: RsvpState | undefined, formatTime: (d: Date) => string): string {
  if (!state?.partstat) return '未回复';
  const text = PARTSTAT_TEXT[state.partstat];
  if (!state.current) return `待重新回复（原：${text}）`;
  return state.at ? `${text}（${formatTime(state.at)}）` : text;
}

function ignored(reason: IgnoredReplyReason): ReplyOutcome {
  return { recorded: false, reason };
}
