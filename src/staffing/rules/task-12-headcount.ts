import { MIN_OFFICE_HEADCOUNT } from '../staffing-terms';
import { STAFFING_MESSAGES as M } from '../staffing-messages';
import { CheckInput, OfficeFacts, StaffingState, Violation } from './staffing-facts';
import { wan } from '../staffing-messages';
import { headcount, headcountBoundaries, indexOf, officeLabel, officesTouched, reasonGiven } from './staffing-state';

/** Task 12: an office's approved posts (编制数); not recorded reads as the minimum, 4. */
export function approvedPosts(office: OfficeFacts | undefined): number {
  return office?.approvedPosts ?? MIN_OFFICE_HEADCOUNT;
}

/**
 * Task 12 (附件 任务12): "司法所人员编制不少于4名". Counts posts, not heads: a change that brings the
 * posts an office has filled on post (see `headcount`: its own formal staff; a cadre rotated in
 * fills none) below its approved posts, or lowers them further while below, on any day from `today`
 * on, needs a reason recorded for that office ('needs-reason'). Days before `today` are history.
 * @returns at most one violation per office: the first day on which it falls short.
 */
export function checkMinimumHeadcount(input: CheckInput): Violation[] {
  const violations: Violation[] = [];
  const index = indexOf(input.after);
  for (const officeId of officesTouched(input)) {
    if (reasonGiven(input.justifications, 'headcount', officeId)) continue;
    const posts = approvedPosts(index.office(officeId));
    const days = new Set([input.today, ...headcountBoundaries(input.before, officeId), ...headcountBoundaries(input.after, officeId)]);
    const checked = [...days].filter((day) => day >= input.today).sort();
    for (const day of checked) {
      const was = headcount(input.before, officeId, day);
      const will = headcount(input.after, officeId, day);
      if (will >= posts || will >= was) continue;
      violations.push({
        rule: 'TASK_12_POSTS_FILLED',
        severity: 'needs-reason',
        message: M.task12Below(officeLabel(input.after, officeId), posts, day, was, will),
        subjects: [{ type: 'office', id: officeId }],
      });
      break;
    }
  }
  return violations;
}

const unitOf = (office: OfficeFacts) => (office.kind === 'subdistrict' ? '街道' : '乡镇');
const thresholds = (office: OfficeFacts) => (office.kind === 'subdistrict' ? { people: 150_000, area: 30 } : { people: 300_000, area: 60 });

/**
 * Task 12: an office's recorded posts. Fewer than 4 is refused; more than 4 needs one of the three
 * grounds of the text — 常住人口 or 面积 at or over the threshold (see `entitlementReasons`), or
 * "人员配备与承担工作任务差距较大" with a description — and, "由所属区司法局按程序报批", the approval
 * recorded: who approved, when (not after `today`) and the document's reference. All 'hard', one
 * violation per problem.
 */
export function checkPostRecord(office: OfficeFacts, label: string, today: string): Violation[] {
  const posts = office.approvedPosts;
  const out: string[] = [];
  if (posts !== null && posts < MIN_OFFICE_HEADCOUNT) out.push(M.task12MinPosts(label, posts));
  const increase = office.postIncrease;
  if (posts !== null && posts > MIN_OFFICE_HEADCOUNT) {
    if (!increase) out.push(M.task12IncreaseNoGround(label, posts));
    else {
      const unit = unitOf(office);
      const { people, area } = thresholds(office);
      if (increase.ground === 'population' && !(office.population !== null && office.population >= people)) {
        out.push(M.task12GroundNotMet(label, '常住人口', `${unit}常住人口${wan(people)}以上`, office.population === null ? '未登记常住人口' : `常住人口${wan(office.population)}人`));
      }
      if (increase.ground === 'area' && !(office.areaKm2 !== null && office.areaKm2 >= area)) {
        out.push(M.task12GroundNotMet(label, '面积', `${unit}面积${area}平方公里以上`, office.areaKm2 === null ? '未登记面积' : `面积${office.areaKm2}平方公里`));
      }
      if (increase.ground === 'workload' && !increase.note?.trim()) out.push(M.task12WorkloadNote(label));
      const missing = [!increase.approvedBy.trim() && '批准机关', !increase.approvedOn && '批准日期', !increase.reference.trim() && '批准文号'].filter((x): x is string => Boolean(x));
      if (missing.length) out.push(M.task12NoApproval(label, missing));
      else if (increase.approvedOn > today) out.push(M.task12ApprovalFuture(label, increase.approvedOn));
    }
  }
  return out.map((message) => ({ rule: 'TASK_12_POST_RECORD', severity: 'hard', message, subjects: [{ type: 'office', id: office.id }] }));
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
