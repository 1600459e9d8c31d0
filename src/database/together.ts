/** PostgreSQL: "current transaction is aborted": a statement failed earlier in the same transaction. */
const IN_FAILED_TRANSACTION = '25P02';

/**
 * Awaits statements of one unit of work issued side by side on its connection (issue 10, item 2):
 * on SQLite each awaited statement costs a round trip through the thread pool and a turn of the
 * busy event loop, so statements that do not depend on each other go out together and the unit
 * waits once. Waits for every one of them to settle before answering, so that no statement of a
 * failed unit can still run after its ROLLBACK TO SAVEPOINT; then throws the first failure in
 * argument order, preferring a real cause to PostgreSQL's "transaction is aborted" that follows it.
 * Only for statements whose order does not matter (no one reads what another writes).
 * @returns the values in argument order.
 */
export async function together<T extends unknown[]>(...work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown);
  if (failures.length) throw failures.find((e) => codeOf(e) !== IN_FAILED_TRANSACTION) ?? failures[0];
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as T;
}

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } } | undefined;
  return e?.driverError?.code ?? e?.code;
}
