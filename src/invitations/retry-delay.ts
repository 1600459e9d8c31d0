/**
 * Milliseconds to wait before the next attempt at a message whose attempt number `attempts`
 * (1 = the first) just failed: `baseMs` doubled per attempt, capped at `maxMs`, times a jitter
 * factor in [0.5, 1) from `random` (so many messages failing together do not retry in step).
 * The cap keeps recovery prompt: once the SMTP server is back, every waiting message is tried
 * within `maxMs` (plus one dispatch interval), however long the outage lasted.
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 52));
  return Math.min(exponential, maxMs) * (0.5 + random() / 2);
}
