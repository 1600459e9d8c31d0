import { simpleParser } from 'mailparser';

/** What an inbound mail offers for RSVP processing. */
export interface InboundReplyMail {
  /**
   * Address of the header From, lower-cased; null unless the mail has exactly one From header
   * holding exactly one mailbox (RFC 5322 §3.6: one From; several invite reading the wrong one).
   */
  from: string | null;
  messageId: string | null;
  /** Calendar texts: text/calendar parts first, then application/ics attachments. */
  calendars: string[];
}

/**
 * Parses a raw RFC 5322 message with mailparser and collects its calendar parts: Outlook puts
 * the REPLY in a `text/calendar; method=REPLY` alternative, Gmail additionally attaches it as
 * `application/ics` (RFC 6047 §2.4). @throws the parser's error on a broken message.
 */
export async function readReplyMail(raw: Buffer): Promise<InboundReplyMail> {
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const calendars = [
    ...mail.attachments.filter((a) => /^text\/calendar$/i.test(a.contentType)),
    ...mail.attachments.filter((a) => /^application\/ics$/i.test(a.contentType)),
  ].map((a) => a.content.toString('utf8'));
  const fromHeaders = mail.headerLines.filter((h) => h.key === 'from').length;
  const single = fromHeaders === 1 && mail.from?.value.length === 1 && !mail.from.value[0].group;
  const from = single ? mail.from!.value[0].address?.toLowerCase() : undefined;
  return { from: from || null, messageId: mail.messageId ?? null, calendars };
}
