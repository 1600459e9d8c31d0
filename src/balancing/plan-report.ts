import type { PlacementRow } from './balancing-plan.entity';

/** Chinese names of the engine's placement codes (allocation.types.ts). */
export const PLACEMENT_TEXT: Record<string, string> = {
  PINNED: '固定安排',
  FIRST_CHOICE: '第一志愿',
  SECOND_CHOICE: '第二志愿',
  THIRD_CHOICE: '第三志愿',
  LOWER_CHOICE: '较后志愿',
  UNRANKED: '非志愿期次',
  UNPLACED: '未能安排',
  PIN_CONFLICT: '固定安排无法满足',
};

/** Chinese names of the reasons a better session was not given. */
export const REASON_TEXT: Record<string, string> = {
  UNKNOWN_SESSION: '期次不存在',
  UNAVAILABLE: '本人无法参加',
  SESSION_FULL: '已满',
  DISTRICT_CAP_REACHED: '本区在该期人数已达上限',
  COST_TRADE_OFF: '为减少调整或均衡人数',
};

/** Chinese descriptions of pin conflicts. */
export const CONFLICT_TEXT: Record<string, string> = {
  PIN_UNKNOWN_SESSION: '固定的期次不存在',
  PIN_UNAVAILABLE: '固定的期次本人已标为无法参加',
  PIN_OVER_CAPACITY: '固定到该期的人数超过容量',
  PIN_OVER_DISTRICT_CAP: '固定到该期的本区人数超过上限',
};

/** Everything the preview page needs about one person. */
export interface PlanPerson {
  registrationId: number;
  name: string;
  district: string;
  unit: string;
  preferences: number[];
}

interface Explanation {
  code: string;
  rank: number | null;
  reasons: { sessionId: number; code: string }[];
}

/** Inputs of `planReport`: the stored plan and the names to show. */
export interface PlanReportInput {
  before: readonly PlacementRow[];
  after: readonly PlacementRow[];
  explanations: Record<string, Explanation>;
  sessions: readonly { id: number; title: string; capacity: number }[];
  people: ReadonlyMap<number, PlanPerson>;
}

const rankOf = (prefs: number[], sessionId: number | null) => (sessionId === null ? null : prefs.indexOf(sessionId) + 1 || null);

/**
 * The preview of a plan for organisers: who moves (from → to, with the choice they get and
 * why), each session's load before and after, the district × session table before and after,
 * and the people whose choice got worse. Pure; names in Chinese.
 */
export function planReport(input: PlanReportInput) {
  const title = (id: number | null) => (id === null ? '候补' : (input.sessions.find((s) => s.id === id)?.title ?? `#${id}`));
  const before = new Map(input.before.map((r) => [r.registrationId, r]));
  const moves = input.after
    .filter((r) => before.get(r.registrationId)?.sessionId !== r.sessionId)
    .map((r) => {
      const person = input.people.get(r.registrationId)!;
      const from = before.get(r.registrationId)!.sessionId;
      const explanation = input.explanations[r.registrationId];
      const rankBefore = rankOf(person.preferences, from);
      const rankAfter = rankOf(person.preferences, r.sessionId);
      const worse = r.sessionId === null || (from !== null && (rankAfter ?? 99) > (rankBefore ?? 99));
      return {
        ...person,
        from: title(from),
        to: title(r.sessionId),
        placement: PLACEMENT_TEXT[explanation?.code] ?? '',
        why: (explanation?.reasons ?? []).map((x) => `${title(x.sessionId)}：${REASON_TEXT[x.code] ?? x.code}`).join('；'),
        worse,
      };
    });
  const why = (registrationId: number) =>
    (input.explanations[registrationId]?.reasons ?? []).map((x) => `${title(x.sessionId)}：${REASON_TEXT[x.code] ?? x.code}`).join('；');
  const ranks = input.after.map((r) => ({ r, person: input.people.get(r.registrationId), rank: r.sessionId === null ? null : rankOf(input.people.get(r.registrationId)?.preferences ?? [], r.sessionId) }));
  const unplaced = ranks.filter((x) => x.r.sessionId === null).map((x) => ({ name: x.person?.name ?? `#${x.r.registrationId}`, district: x.person?.district ?? '', why: why(x.r.registrationId) || '所选期次均已满员' }));
  // A confirmed person moved out of the only session they chose: listed on its own before apply.
  const onlyChoiceMoves = moves.filter((m) => {
    const from = before.get(m.registrationId)!.sessionId;
    return from !== null && m.preferences.length === 1 && m.preferences[0] === from;
  });
  const summary = {
    people: input.after.length,
    first: ranks.filter((x) => x.rank === 1).length,
    second: ranks.filter((x) => x.rank === 2).length,
    third: ranks.filter((x) => x.rank === 3).length,
    other: ranks.filter((x) => x.r.sessionId !== null && (x.rank === null || x.rank > 3)).length,
    unplaced: unplaced.length,
    moved: moves.filter((m) => before.get(m.registrationId)!.sessionId !== null).length,
    placedFromWaitlist: moves.filter((m) => before.get(m.registrationId)!.sessionId === null && input.after.find((r) => r.registrationId === m.registrationId)!.sessionId !== null).length,
  };
  const loads = (rows: readonly PlacementRow[]) => input.sessions.map((s) => rows.filter((r) => r.sessionId === s.id).length);
  const loadsBefore = loads(input.before);
  const loadsAfter = loads(input.after);
  const districts = [...new Set([...input.people.values()].map((p) => p.district))].sort();
  const districtCounts = (rows: readonly PlacementRow[], district: string) =>
    input.sessions.map((s) => rows.filter((r) => r.sessionId === s.id && input.people.get(r.registrationId)?.district === district).length);
  return {
    moves,
    summary,
    unplaced,
    onlyChoiceMoves,
    worse: moves.filter((m) => m.worse),
    sessions: input.sessions.map((s, i) => ({ title: s.title, capacity: s.capacity, before: loadsBefore[i], after: loadsAfter[i] })),
    waitlistBefore: input.before.filter((r) => r.sessionId === null).length,
    waitlistAfter: input.after.filter((r) => r.sessionId === null).length,
    districts: districts.map((name) => {
      const b = districtCounts(input.before, name);
      const a = districtCounts(input.after, name);
      return { name, cells: b.map((n, i) => ({ before: n, after: a[i], changed: n !== a[i] })) };
    }),
  };
}
