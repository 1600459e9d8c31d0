import { assignmentCost } from '../allocate';
import type { AllocationInput, AllocationResult, DistrictCaps, DistrictKey } from '../allocation.types';

/**
 * Independent check of a plan against the hard rules, for tests: returns one line per
 * broken rule (empty when the plan is valid). Recomputes caps and loads from the input.
 */
export function planViolations(input: AllocationInput, plan: AllocationResult): string[] {
  const problems: string[] = [];
  const { participants, sessions, policy } = input;
  const capacity = new Map(sessions.map((s) => [s.id, s.capacity]));
  const load = new Map<number, number>();
  const districtLoad = new Map<DistrictKey, Map<number, number>>();
  const sizes = new Map<DistrictKey, number>();
  for (const p of participants) sizes.set(p.district, (sizes.get(p.district) ?? 0) + 1);
  if (plan.assignment.size !== participants.length) problems.push('assignment does not cover everyone');
  for (const p of participants) {
    const s = plan.assignment.get(p.id);
    if (s === undefined) problems.push(`${p.id} missing`);
    if (s === null || s === undefined) continue;
    if (!capacity.has(s)) problems.push(`${p.id} in unknown session ${s}`);
    if (p.unavailable.includes(s)) problems.push(`${p.id} in unavailable session ${s}`);
    if (p.pinnedSession !== undefined && p.pinnedSession !== s) problems.push(`${p.id} pinned to ${p.pinnedSession}, placed in ${s}`);
    load.set(s, (load.get(s) ?? 0) + 1);
    const row = districtLoad.get(p.district) ?? new Map<number, number>();
    row.set(s, (row.get(s) ?? 0) + 1);
    districtLoad.set(p.district, row);
  }
  for (const [s, n] of load) if (n > capacity.get(s)!) problems.push(`session ${s} holds ${n} > ${capacity.get(s)}`);
  for (const [district, row] of districtLoad) {
    for (const [s, n] of row) {
      let cap = capOf(policy.districtShare?.explicitCaps, district, s) ?? Infinity;
      const share = policy.districtShare?.maxShare;
      if (share !== undefined) cap = Math.min(cap, Math.max(1, Math.floor(share * sizes.get(district)! + 1e-9)));
      if (n > cap) problems.push(`district ${String(district)} has ${n} > ${cap} in session ${s}`);
    }
  }
  const unplaced = participants.filter((p) => plan.assignment.get(p.id) === null).map((p) => p.id);
  if (JSON.stringify(unplaced) !== JSON.stringify(plan.unplaced)) problems.push('unplaced list differs from the assignment');
  if (JSON.stringify(sessions.map((s) => load.get(s.id) ?? 0)) !== JSON.stringify(plan.sessionLoads)) problems.push('sessionLoads differ');
  const cost = assignmentCost(input, plan.assignment);
  if (Math.abs(cost.total - plan.cost.total) > 1e-9 * Math.max(1, cost.total)) problems.push(`cost ${plan.cost.total} ≠ recomputed ${cost.total}`);
  if (plan.explanations.size !== participants.length) problems.push('an explanation is missing');
  return problems;
}

function capOf(caps: DistrictCaps | undefined, district: DistrictKey, sessionId: number): number | undefined {
  if (!caps) return undefined;
  const cap = caps instanceof Map ? caps.get(district)?.get(sessionId) : (caps as Record<string, Record<number, number>>)[String(district)]?.[sessionId];
  return cap === undefined ? undefined : Math.max(0, Math.floor(cap));
}
