import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NoticeMailService } from './notice-mail.service';

/**
 * Waitlist notices (issue 11, item 3): a person placed on the waitlist is told so, with their
 * position and the sessions they wait for. (A promotion is told by its invitation, whose text
 * says that they moved from the waitlist to a confirmed seat: InvitationReason 'promoted'.)
 */
@Injectable()
export class WaitlistNoticesService {
  constructor(private readonly notices: NoticeMailService) {}

  /** Queues the notice in the caller's transaction. `waitingFor`: titles of the ranked sessions. */
  async waitlisted(m: EntityManager, to: { name: string; email: string }, runTitle: string, position: number, waitingFor: string[]): Promise<void> {
    await this.notices.queue(m, {
      to,
      subject: `【候补通知】${runTitle}`,
      lead: `您所选的期次暂无空位，您已进入候补名单，目前排在第 ${position} 位。`,
      lines: [`候补期次：${waitingFor.join('、')}。`, '任一所选期次有空位时，将按报名先后自动为您确认，并发送日历邀请。', '可通过您收到的个人报名链接查看候补位次或调整志愿。'],
    });
  }
}
