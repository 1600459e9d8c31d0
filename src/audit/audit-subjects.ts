import { EntityManager } from 'typeorm';
import { SUBJECT_LABELS } from './audit-labels';

/** A named subject of an audit event: what it is, its name, and the page that shows it (if any). */
export interface NamedSubject {
  kind: string;
  name: string;
  href: string | null;
}

type Loader = (m: EntityManager, ids: number[]) => Promise<Map<string, { name: string; href: string | null }>>;

const rowsToMap = (rows: { id: number; name: string; href?: string | null }[], href: (r: any) => string | null) =>
  new Map(rows.map((r) => [String(r.id), { name: String(r.name), href: href(r) }]));

const list = (ids: number[]) => ids.map(Number).join(',');

/** One query per subject kind on the page (ids are integers, inlined after Number()). */
const LOADERS: Record<string, Loader> = {
  participant: async (m, ids) =>
    rowsToMap(await m.query(`SELECT id, name, email FROM participant WHERE id IN (${list(ids)})`), (r) => `/admin/participants?q=${encodeURIComponent(r.email)}`),
  registration: async (m, ids) =>
    rowsToMap(
      await m.query(`SELECT r.id, p.name || '（' || t.title || '）' AS name, p.email, r."runId" FROM registration r JOIN participant p ON p.id = r."participantId" JOIN training_run t ON t.id = r."runId" WHERE r.id IN (${list(ids)})`),
      (r) => `/admin/participants?run=${r.runId}&q=${encodeURIComponent(r.email)}`,
    ),
  session: async (m, ids) => rowsToMap(await m.query(`SELECT id, title AS name FROM training_session WHERE id IN (${list(ids)})`), (r) => `/admin/sessions/${r.id}/edit`),
  training_run: async (m, ids) => rowsToMap(await m.query(`SELECT id, title AS name FROM training_run WHERE id IN (${list(ids)})`), (r) => `/admin/runs/${r.id}`),
  run: async (m, ids) => rowsToMap(await m.query(`SELECT id, title AS name FROM training_run WHERE id IN (${list(ids)})`), (r) => `/admin/runs/${r.id}`),
  balancing_plan: async (m, ids) => rowsToMap(ids.map((id) => ({ id, name: `方案 #${id}` })), (r) => `/admin/balancing/plans/${r.id}`),
  venue: async (m, ids) => rowsToMap(await m.query(`SELECT id, name FROM venue WHERE id IN (${list(ids)})`), () => '/admin/venues'),
  account: async (m, ids) => rowsToMap(await m.query(`SELECT id, "displayName" || '（' || username || '）' AS name FROM account WHERE id IN (${list(ids)})`), () => '/admin/accounts'),
  outbox_message: async (m, ids) => rowsToMap(await m.query(`SELECT id, subject AS name FROM outbox_message WHERE id IN (${list(ids)})`), (r) => `/admin/outbox/${r.id}`),
  staff: async (m, ids) => rowsToMap(await m.query(`SELECT id, name FROM staff_member WHERE id IN (${list(ids)})`), (r) => `/admin/staffing/staff/${r.id}`),
  assignment: async (m, ids) =>
    rowsToMap(await m.query(`SELECT a.id, s.name AS name FROM staffing_assignment a JOIN staff_member s ON s.id = a."personId" WHERE a.id IN (${list(ids)})`), (r) => `/admin/staffing/assignments/${r.id}`),
  office: async (m, ids) => rowsToMap(await m.query(`SELECT id, "unitName" || '司法所' AS name FROM judicial_office WHERE id IN (${list(ids)})`), (r) => `/admin/staffing/offices/${r.id}`),
};

/**
 * Names the subjects of a page of audit events (person, session, plan, …) with a link, in one
 * query per kind. Unknown kinds or deleted rows fall back to "<kind> <id>" without a link.
 * @returns a function from (subjectType, subjectId) to the named subject.
 */
export async function nameSubjects(m: EntityManager, events: { subjectType: string; subjectId: string | null }[]) {
  const byKind = new Map<string, Set<number>>();
  for (const e of events) {
    if (!e.subjectId || !/^\d{1,12}$/.test(e.subjectId) || !LOADERS[e.subjectType]) continue;
    if (!byKind.has(e.subjectType)) byKind.set(e.subjectType, new Set());
    byKind.get(e.subjectType)!.add(Number(e.subjectId));
  }
  const names = new Map<string, { name: string; href: string | null }>();
  for (const [kind, ids] of byKind) {
    const found = await LOADERS[kind](m, [...ids]);
    for (const [id, value] of found) names.set(`${kind}:${id}`, value);
  }
  return (subjectType: string, subjectId: string | null): NamedSubject => {
    const kind = SUBJECT_LABELS[subjectType] ?? subjectType;
    const found = names.get(`${subjectType}:${subjectId}`);
    return found ? { kind, ...found } : { kind, name: subjectId ? `#${subjectId}` : '', href: null };
  };
}
