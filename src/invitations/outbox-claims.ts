import { EntityManager, In } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

/** The outcome of one claimed message, to record. */
export type DeliveryOutcome =
  | { id: number; sent: true }
  | { id: number; sent: false; final: boolean; reason: string; nextAttemptAt: Date };

/**
 * Claims up to `limit` due messages in the caller's transaction, in one SELECT and one guarded
 * UPDATE: `status='sending'`, `claimedUntil = leaseUntil`, `attempts + 1`. Due means pending and
 * due, or sending with an expired lease (its dispatcher died), and only the oldest waiting
 * message of each recipient (no older one pending or sending), so messages claimed together never
 * overtake each other. On PostgreSQL the rows are locked `FOR UPDATE SKIP LOCKED`: two instances
 * claiming at once get disjoint batches, and a row another committed meanwhile is re-checked
 * against the WHERE (issue 10, item 5). On SQLite one process owns the file (instance-lock.ts)
 * and the write transaction is serialised. The UPDATE keeps the guard of the single-row claim;
 * if it ever matched fewer rows than were selected, the claim is refused (throws, the caller's
 * transaction rolls back, nothing is claimed) rather than sending a message twice.
 * Before the claim, `withdraws` (the claim guards of outbox-claim-guards.ts) is asked about each
 * selected message in the same transaction: one that no longer holds (e.g. a reminder of a
 * session that moved) is marked superseded with its sealed secret erased, and not claimed, so a
 * change committed before the claim always wins over the queued mail (issue 11, item 1).
 * @returns the claimed messages, attempts already counted, oldest first.
 * @throws Error when the guarded UPDATE did not take every selected row.
 */
export async function claimDue(
  m: EntityManager,
  now: Date,
  leaseUntil: Date,
  limit: number,
  withdraws: (m: EntityManager, message: OutboxMessage) => Promise<boolean> = async () => false,
): Promise<OutboxMessage[]> {
  const qb = m
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    // Bracketed as a whole: TypeORM joins .where and .andWhere with a bare AND, and AND binds
    // tighter than OR, which left pending messages outside the per-recipient order below.
    .where(`((o.status = 'pending' AND o."nextAttemptAt" <= :now) OR (o.status = 'sending' AND o."claimedUntil" < :now))`, { now })
    .andWhere(
      `NOT EXISTS (SELECT 1 FROM outbox_message older WHERE older."recipientAddress" = o."recipientAddress"
         AND older.id < o.id AND older.status IN ('pending', 'sending'))`,
    )
    .orderBy('o.id', 'ASC')
    .limit(limit);
  if (m.connection.options.type === 'postgres') qb.setLock('pessimistic_write').setOnLocked('skip_locked');
  const selected = await qb.getMany();
  const due: OutboxMessage[] = [];
  const withdrawn: number[] = [];
  for (const message of selected) {
    if (await withdraws(m, message)) withdrawn.push(message.id);
    else due.push(message);
  }
  const claimable = `(status = 'pending' OR (status = 'sending' AND "claimedUntil" < :now))`;
  if (withdrawn.length > 0) {
    await m
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ status: 'superseded', claimedUntil: null, sealedSecret: null })
      .where(`id IN (:...ids) AND ${claimable}`, { ids: withdrawn, now })
      .execute();
  }
  if (due.length === 0) return [];
  const result = await m
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({ status: 'sending', claimedUntil: leaseUntil, attempts: () => 'attempts + 1' })
    .where(`id IN (:...ids) AND ${claimable}`, { ids: due.map((d) => d.id), now })
    .execute();
  if (result.affected !== due.length) {
    throw new Error(`outbox claim took ${result.affected} of ${due.length} selected messages; claim refused`);
  }
  for (const message of due) {
    message.attempts += 1;
    message.status = 'sending';
    message.claimedUntil = leaseUntil;
  }
  return due;
}

/**
 * Records the outcomes of claimed messages in the caller's transaction: every sent one in one
 * UPDATE (status sent, `sentAt`, sealed secret erased), each failure in its own (its reason and,
 * unless final, its own backoff time). Only rows still `sending` are touched: a claim that
 * expired and was taken over is the new claimer's to record.
 */
export async function recordOutcomes(m: EntityManager, outcomes: readonly DeliveryOutcome[], now: Date): Promise<void> {
  const sent = outcomes.filter((o) => o.sent).map((o) => o.id);
  if (sent.length > 0) {
    await m.update(OutboxMessage, { id: In(sent), status: 'sending' }, { status: 'sent', sentAt: now, claimedUntil: null, lastError: null, sealedSecret: null });
  }
  for (const o of outcomes) {
    if (o.sent) continue;
    await m.update(
      OutboxMessage,
      { id: o.id, status: 'sending' },
      o.final
        ? { status: 'failed', lastError: o.reason.slice(0, 2000), claimedUntil: null }
        : { status: 'pending', lastError: o.reason.slice(0, 2000), claimedUntil: null, nextAttemptAt: o.nextAttemptAt },
    );
  }
}
