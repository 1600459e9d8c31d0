/**
 * Step 二(二) of the plan (沪司发〔2021〕11号): "组织轮训，全面提升履职能力（2021年4月）… 分批（分3期、每期2天）
 * 举办全市司法所长培训班". Pure: the shape a run's sessions should keep, and how an edit leaves it.
 */

/** The plan's wording quoted in the warning. */
export const PLAN_SHAPE_WORDING = '《实施方案》二（二）：组织轮训，全面提升履职能力（2021年4月），分批（分3期、每期2天）举办全市司法所长培训班';

/** A session as the check reads it: first day 'YYYY-MM-DD' (Shanghai), number of consecutive days. */
export interface ShapeSession {
  id: number;
  title: string;
  firstDay: string;
  dayCount: number;
  status: 'scheduled' | 'cancelled' | string;
}

const lastDay = (s: ShapeSession) => {
  const [y, m, d] = s.firstDay.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + s.dayCount - 1)).toISOString().slice(0, 10);
};
const inApril2021 = (date: string) => date >= '2021-04-01' && date <= '2021-04-30';

/**
 * How the scheduled sessions depart from the plan's shape — 3 sessions, each of 2 days, all days in
 * April 2021 — one Chinese line per departure; empty when they keep it.
 */
export function planShapeDepartures(sessions: ShapeSession[]): string[] {
  const live = sessions.filter((s) => s.status !== 'cancelled');
  const out: string[] = [];
  if (live.length !== 3) out.push(`现有${live.length}期，方案为分3期`);
  for (const s of live) {
    if (s.dayCount !== 2) out.push(`${s.title}为${s.dayCount}天，方案为每期2天`);
    if (!inApril2021(s.firstDay) || !inApril2021(lastDay(s))) out.push(`${s.title}不在2021年4月内举办`);
  }
  return out;
}

/**
 * The warning for an edit that makes a run leave the plan's shape, or null: only a run whose
 * sessions had the shape before the edit is "declared" as the plan's run (the plan is silent on
 * other runs).
 */
export function planShapeWarning(before: ShapeSession[], after: ShapeSession[]): { message: string; departures: string[] } | null {
  if (planShapeDepartures(before).length) return null;
  const departures = planShapeDepartures(after);
  if (!departures.length) return null;
  return { message: `该修改不符合${PLAN_SHAPE_WORDING}：${departures.join('；')}。`, departures };
}
