import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NoticeMailService } from './notice-mail.service';

/** Why someone is (back) on the waitlist; chooses the notice's lead sentence. */
export type WaitlistCause = 'registered' | 'session-cancelled' | 'rebalanced';

const LEADS: Record<WaitlistCause, (position: number) => string> = {
  registered: (n) => `您所选的期次暂无空位，您已进入候补名单，目前排在第 ${n} 位。`,
  'session-cancelled': (n) => `您原已确认参加的期次已取消，已按您的其他志愿为您转入候补名单（保留原报名时间），目前排在第 ${n} 位。`,
  rebalanced: (n) => `组织方调整了各期次的人员安排，您原已确认的名额已取消，现转入候补名单，目前排在第 ${n} 位。`,
};

/**
 * Waitlist notices (issue 11, item 3): a person placed on the waitlist — by registering, by a
 * session cancellation or by a balancing plan — is told so, with their position and the
 * sessions they wait for. (A promotion is told by its invitation, whose text says that they
 * moved from the waitlist to a confirmed seat: InvitationReason 'promoted'.)
 */
@Injectable()
export class WaitlistNoticesService {
  constructor(private readonly notices: NoticeMailService) {}

  /**
   * Queues the notice in the caller's transaction. `position`: 1-based place in the run's queue;
   * `waitingFor`: titles of the ranked sessions.
   */
  async waitlisted(m: EntityManager, to: { name: string; email: string }, runTitle: string, position: number, waitingFor: string[], cause: WaitlistCause = 'registered'): Promise<void> {
    await this.notices.queue(m, {
      to,
      subject: `【候补通知】${runTitle}`,
      lead: LEADS[cause](position),
      lines: [`候补期次：${waitingFor.join('、')}。`, '任一所选期次有空位时，将按报名先后自动为您确认，并发送日历邀请。', '可通过您收到的个人报名链接查看候补位次或调整志愿。'],
    });
  }

  /** A waiting person whose every remaining choice was cancelled: their registration ends. */
  async waitEnded(m: EntityManager, to: { name: string; email: string }, runTitle: string, cancelledTitle: string): Promise<void> {
    await this.notices.queue(m, {
      to,
      subject: `【候补取消】${runTitle}`,
      lead: `您候补的期次“${cancelledTitle}”已取消，您没有其他可候补的期次，本次报名已取消。`,
      lines: ['如仍需参加本培训班，可通过您收到的个人报名链接重新报名其他期次。'],
    });
  }
}
