import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailTemplatesService } from '../invitations/mail-templates.service';
import { OutboxService } from '../invitations/outbox.service';
import type { ParticipantProfile } from '../organisation/organisation.service';
import type { TrainingRun } from '../training/training-run.entity';

/**
 * Tells a participant that someone registered them (issue 13, item 6): a plain notice mail,
 * queued in the caller's transaction (the registration and its notice commit together).
 */
@Injectable()
export class OnBehalfMailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplatesService,
  ) {}

  /** Queues the notice: who registered them (`byLabel`, e.g. 黄浦区协调员 张三), their choices, the result. */
  async queue(m: EntityManager, run: TrainingRun, participant: ParticipantProfile, byLabel: string, preferences: number[], sessionId: number | null): Promise<void> {
    const title = (id: number) => run.sessions.find((s) => s.id === id)?.title ?? `期次 ${id}`;
    const subject = `【报名通知】${byLabel}已代您报名${run.title}`;
    const body = this.templates.render('registered-for', {
      subject,
      participantName: participant.name,
      byLabel,
      runTitle: run.title,
      preferences: preferences.map((id, i) => `${i + 1}. ${title(id)}`).join('；'),
      result: sessionId ? `已确认参加${title(sessionId)}，日历邀请另行发送。` : '所选期次均已满员，已进入候补，有空位时按顺序自动确认并通知您。',
      organiserName: this.config.mail.fromName,
    });
    await this.outbox.enqueue(m, { kind: 'notice', recipientAddress: participant.email, recipientName: participant.name, subject, textBody: body.text, htmlBody: body.html });
  }
}
