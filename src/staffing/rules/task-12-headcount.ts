import { MIN_OFFICE_HEADCOUNT } from '../staffing-terms';
import { STAFFING_MESSAGES as M } from '../staffing-messages';
import { CheckInput, OfficeFacts, StaffingState, Violation } from './staffing-facts';
import { headcount, headcountBoundaries, officeLabel, officesTouched } from './staffing-state';

/**
 * Task 12 (附件 任务12): "司法所人员编制不少于 4 名". A change that brings an office's on-post
 * establishment headcount (see `headcount`) below 4, or lowers it further while it is below 4,
 * on any day from `today` on, needs a reason recorded by the organiser ('needs-reason').
 * Days before `today` are history and are not judged.
 * @returns at most one violation per office: the first day on which it falls short.
 */
export function checkMinimumHeadcount(input: CheckInput): Violation[] {
  if (input.justifications.headcount?.trim()) return [];
  const violations: Violation[] = [];
  for (const officeId of officesTouched(input)) {
    const days = new Set([input.today, ...headcountBoundaries(input.before, officeId), ...headcountBoundaries(input.after, officeId)]);
    const checked = [...days].filter((day) => day >= input.today).sort();
    for (const day of checked) {
      const was = headcount(input.before, officeId, day);
      const will = headcount(input.after, officeId, day);
      if (will >= MIN_OFFICE_HEADCOUNT || will >= was) continue;
      violations.push({
        rule: 'TASK_12_MIN_HEADCOUNT',
        severity: 'needs-reason',
        message: M.task12Below(officeLabel(input.after, officeId), day, was, will),
        subjects: [{ type: 'office', id: officeId }],
      });
      break;
    }
  }
  return violations;
}

/**
 * Task 12: "常住人口在 15 万以上或面积在 30 平方公里以上的街道，常住人口在 30 万以上或面积在 60 平方公里以上的
 * 乡镇 … 适当增加编制". Thresholds are inclusive: in Chinese statutes "以上" includes the number itself
 * (e.g. 《民法典》第一千二百五十九条). Townships (乡) take the town thresholds (乡镇).
 * @returns the Chinese reasons an office may be given more posts; empty when none (or attributes unknown).
 */
export function entitlementReasons(office: OfficeFacts): string[] {
  const [people, area] = office.kind === 'subdistrict' ? [150_000, 30] : [300_000, 60];
  const unit = office.kind === 'subdistrict' ? '街道' : '乡镇';
  const reasons: string[] = [];
  if (office.population !== null && office.population >= people) reasons.push(M.task12Population(unit, office.population, people));
  if (office.areaKm2 !== null && office.areaKm2 >= area) reasons.push(M.task12Area(unit, office.areaKm2, area));
  return reasons;
}

/** Task 12 ('report'): offices whose population or area entitles them to more than 4 posts. */
export function officesEntitledToMore(state: StaffingState, officeIds?: number[]): Violation[] {
  const wanted = officeIds && new Set(officeIds);
  return state.offices
    .filter((office) => !wanted || wanted.has(office.id))
    .map((office) => ({ office, reasons: entitlementReasons(office) }))
    .filter(({ reasons }) => reasons.length > 0)
    .map(({ office, reasons }) => ({
      rule: 'TASK_12_ENTITLED_TO_MORE',
      severity: 'report' as const,
      message: M.task12Entitled(`${office.name}司法所`, reasons),
      subjects: [{ type: 'office' as const, id: office.id }],
    }));
}
