import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailTemplatesService } from '../invitations/mail-templates.service';
import { OutboxService } from '../invitations/outbox.service';

/** A plain notice to one person: a lead sentence and lines of text. */
export interface Notice {
  to: { name: string; email: string };
  subject: string;
  lead: string;
  lines: string[];
}

/**
 * Queues notices (leave decisions, waitlist notices, reminders, group messages; issue 11) as
 * outbox rows in the caller's transaction: one mail per person, never one mail with many
 * recipients. Template views/mail/notice.{html,txt}.hbs (HTML escapes every value).
 */
@Injectable()
export class NoticeMailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplatesService,
  ) {}

  /** The bodies of a notice (for previews and for the calendar mails that carry one). */
  render(notice: Notice): { text: string; html: string } {
    return this.templates.render('notice', { subject: notice.subject, participantName: notice.to.name, lead: notice.lead, lines: notice.lines, organiserName: this.config.mail.fromName });
  }

  /** Queues the notice. @returns the outbox row id. */
  async queue(m: EntityManager, notice: Notice): Promise<number> {
    const body = this.render(notice);
    const row = await this.outbox.enqueue(m, { kind: 'notice', recipientAddress: notice.to.email, recipientName: notice.to.name, subject: notice.subject, textBody: body.text, htmlBody: body.html });
    return row.id;
  }
}
