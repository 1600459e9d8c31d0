import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

/**
 * Says, in the dispatcher's claim transaction, whether a queued message no longer holds and must
 * be withdrawn instead of sent (e.g. a reminder for a session that moved). @returns true to withdraw.
 */
export type ClaimGuard = (m: EntityManager, message: OutboxMessage) => Promise<boolean>;

/**
 * The checks the dispatcher runs when it claims a message (issue 11): features that queue mails
 * whose validity can change before they go out register one here, so that a change committed
 * before the claim always wins over the queued mail, whatever path made the change.
 */
@Injectable()
export class OutboxClaimGuards {
  private readonly guards: ClaimGuard[] = [];

  /** Adds a guard; called once by the feature at start-up. */
  register(guard: ClaimGuard): void {
    this.guards.push(guard);
  }

  /** True when some guard says the message must be withdrawn. */
  async withdraws(m: EntityManager, message: OutboxMessage): Promise<boolean> {
    for (const guard of this.guards) if (await guard(m, message)) return true;
    return false;
  }
}
