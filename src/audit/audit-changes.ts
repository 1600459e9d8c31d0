import { FIELD_LABELS, VALUE_LABELS } from './audit-labels';

/** One changed field of an audit event, in Chinese: field name and the values before → after. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const SESSION_FIELDS = new Set(['sessionId', 'pinnedSessionId']);
const SESSION_LIST_FIELDS = new Set(['preferences', 'unavailable']);
const HIDDEN = new Set(['id']);

/** Parses a stored JSON column; a plain object, or `{ value }` for anything else, `{}` for null. */
export function parseState(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { value: text };
  }
}

/** Session ids mentioned by the session fields of some states (to load their titles at once). */
export function sessionIdsIn(states: Record<string, unknown>[]): number[] {
  const ids = new Set<number>();
  for (const state of states) {
    for (const [field, value] of Object.entries(state)) {
      if (SESSION_FIELDS.has(field) && typeof value === 'number') ids.add(value);
      if (SESSION_LIST_FIELDS.has(field) && Array.isArray(value)) for (const v of value) if (typeof v === 'number') ids.add(v);
    }
  }
  return [...ids];
}

/**
 * The fields that differ between before and after (a field missing on one side counts as empty),
 * with Chinese field names and values: session titles instead of ids, 是/否, status words.
 * Pure; `sessionTitle` names a session id.
 */
export function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>, sessionTitle: (id: number) => string): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !HIDDEN.has(f));
  return fields
    .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
    .map((f) => ({ field: FIELD_LABELS[f] ?? f, before: show(f, before[f], sessionTitle), after: show(f, after[f], sessionTitle) }));
}

function show(field: string, value: unknown, sessionTitle: (id: number) => string): string {
  if (value === undefined || value === null || value === '') return '（空）';
  if (SESSION_FIELDS.has(field) && typeof value === 'number') return sessionTitle(value);
  if (SESSION_LIST_FIELDS.has(field) && Array.isArray(value)) return value.length ? value.map((v) => (typeof v === 'number' ? sessionTitle(v) : String(v))).join(' > ') : '（无）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return VALUE_LABELS[value] ?? value;
  if (Array.isArray(value)) return field === 'audienceParticipantIds' ? `${value.length} 人` : value.map((v) => show(field, v, sessionTitle)).join('、');
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${FIELD_LABELS[k] ?? k}：${show(k, v, sessionTitle)}`).join('；');
  return String(value);
}
