/** Longest piece of what a client sent (a field name, a value, an id) that an error message quotes back, in characters. */
export const QUOTE_MAX = 40;

/** Longest message or detail string an error answer carries, in characters (a bound on every echo). */
export const ERROR_TEXT_MAX = 2000;

/**
 * `value` as quoted in an error message: at most `max` characters (code points, so no surrogate
 * pair is cut), else its first `max` followed by "…". Keeps an answer small however large the
 * input it names (trial item 5).
 */
export function clipText(value: string, max = QUOTE_MAX): string {
  if (value.length <= max) return value;
  const points = [...value];
  return points.length <= max ? value : `${points.slice(0, max).join('')}…`;
}

/**
 * An error answer's `details` with every string clipped to ERROR_TEXT_MAX and every object key to
 * QUOTE_MAX (keys are often the client's field names), walked to a few levels; deeper values are
 * dropped. The last guard of the error filter, whatever message a rule built.
 */
export function clipDetails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clipText(value, ERROR_TEXT_MAX);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 6) return undefined;
  if (Array.isArray(value)) return value.slice(0, 500).map((v) => clipDetails(v, depth + 1));
  if (value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).slice(0, 500).map(([k, v]) => [clipText(k), clipDetails(v, depth + 1)]));
}
