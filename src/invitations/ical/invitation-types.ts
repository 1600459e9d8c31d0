/** Shapes and constants of the invitation builders (invitation-builder.ts, ics-invitation.ts). */

/** Zone every session date and time is given in. UTC+8, no DST since 1991. */
export const SESSION_ZONE = 'Asia/Shanghai';

/** PRODID of every calendar object we write (RFC 5545 §3.7.3). */
export const PRODUCT_ID = '-//Shanghai Justice Training//Registration//ZH';

/**
 * iTIP method of the calendar object (RFC 5546 §3.2): REQUEST and CANCEL are mailed to the
 * attendee; PUBLISH is a plain copy to download or subscribe to, with no attendee.
 */
export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

/** What one invitation message describes. Dates are Asia/Shanghai local. */
export interface InvitationInput {
  method: CalendarMethod;
  /** Stable per participant per session. */
  uid: string;
  /** RFC 5545 SEQUENCE; the caller stores and raises it. */
  sequence: number;
  /** Instant the message was created (DTSTAMP). */
  dtstamp: Date;
  /** Session title; any Unicode, commas, semicolons, quotes. */
  summary: string;
  /** Plain text, may contain newlines. */
  description: string;
  location: string;
  /** Participant's personal link. */
  url?: string;
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  firstDay: string;
  /** Consecutive days, e.g. 2. */
  dayCount: number;
  /** 'HH:mm' Asia/Shanghai. */
  dailyStart: string;
  /** 'HH:mm' Asia/Shanghai, after dailyStart. */
  dailyEnd: string;
  organizer: { name: string; email: string };
  /** Required for REQUEST and CANCEL; never written for PUBLISH (RFC 5546 §3.2.1: no ATTENDEE). */
  attendee?: { name: string; email: string };
  /** Display alarm one day before; default: on for REQUEST and PUBLISH, never on CANCEL. */
  alarm?: boolean;
  /**
   * Days of the series the participant does not attend ('YYYY-MM-DD', e.g. an approved one-day
   * leave, issue 11): written as EXDATE (the day's start in UTC), so a later REQUEST or a download
   * does not bring back a day that was cancelled. Days that are not in the series are ignored.
   */
  excludedDays?: readonly string[];
}
