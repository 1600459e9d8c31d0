import type { AllocationInput, DistrictKey } from '../allocation.types';
import { LpOptimum, allowedCosts, capOf, lpWeights, targets } from './lp-reference';

/**
 * The same linear program as `allocationLp`, passed to HiGHS as arrays (CSC matrix) through
 * its persistent API instead of LP text. For the benchmark: it measures the solver without
 * the LP reader, and it is the only way HiGHS's wasm build accepts the large instance
 * (whose LP text, ~290 MB, exhausts the wrapper).
 */

/** The part of the `highs` persistent API used here. */
export interface HighsModelApi {
  infinity: number;
  createModel(data: unknown): { run(): { modelStatus: number }; getObjectiveValue(): number; getSolution(): { colValue: Float64Array }; dispose(): void };
  constants: { modelStatus: { optimal: number } };
}

/** Solves the model with HiGHS (persistent API); throws unless HiGHS reports an optimum. */
export function solveReferenceModel(highs: HighsModelApi, input: AllocationInput): LpOptimum {
  const { participants, sessions, policy } = input;
  const weights = lpWeights(input);
  const costs = allowedCosts(input);
  const w = policy.evenness ?? 0;
  const t = targets(input);
  const sizes = new Map<DistrictKey, number>();
  const counts = new Map<string, { district: DistrictKey; s: number; count: number }>();
  participants.forEach((p, i) => {
    sizes.set(p.district, (sizes.get(p.district) ?? 0) + 1);
    for (const s of costs[i].keys()) {
      const key = `${String(p.district)}|${s}`;
      const entry = counts.get(key) ?? { district: p.district, s, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  });
  // Rows: one per person, one per session, one per binding (district, session) cap.
  const rowLower: number[] = participants.map(() => 1);
  const rowUpper: number[] = participants.map(() => 1);
  const sessionRow = sessions.map((session) => {
    rowLower.push(w === 0 ? -highs.infinity : 0);
    rowUpper.push(w === 0 ? session.capacity : 0);
    return rowLower.length - 1;
  });
  const districtRow = new Map<string, number>();
  for (const [key, { district, s, count }] of counts) {
    let cap = capOf(policy.districtShare?.explicitCaps, district, sessions[s].id) ?? Infinity;
    const share = policy.districtShare?.maxShare;
    if (share !== undefined) cap = Math.min(cap, Math.max(1, Math.floor(share * sizes.get(district)! + 1e-9)));
    if (cap >= count) continue;
    districtRow.set(key, rowLower.length);
    rowLower.push(-highs.infinity);
    rowUpper.push(Math.max(0, Math.floor(cap)));
  }
  const [colCost, colUpper, starts, indices, values] = [[] as number[], [] as number[], [0], [] as number[], [] as number[]];
  const column = (cost: number, upper: number, rows: number[], coefficients: number[]): void => {
    colCost.push(cost);
    colUpper.push(upper);
    indices.push(...rows);
    values.push(...coefficients);
    starts.push(indices.length);
  };
  const unplacedColumn: number[] = [];
  participants.forEach((p, i) => {
    unplacedColumn.push(colCost.length);
    column(p.pinnedSession !== undefined ? weights.unplacedPinned : weights.unplaced, highs.infinity, [i], [1]);
    costs[i].forEach((cost, s) => {
      const d = districtRow.get(`${String(p.district)}|${s}`);
      column(cost, highs.infinity, d === undefined ? [i, sessionRow[s]] : [i, sessionRow[s], d], d === undefined ? [1, 1] : [1, 1, 1]);
    });
  });
  if (w > 0) sessions.forEach((session, s) => {
    for (let k = 0; k < session.capacity; k++) column(w * (2 * k + 1 - 2 * t[s]), 1, [sessionRow[s]], [-1]);
  });
  const numCols = colCost.length;
  const data = {
    numCols,
    numRows: rowLower.length,
    offset: t.reduce((sum, ts) => sum + w * ts * ts, 0),
    colCost: Float64Array.from(colCost),
    colLower: new Float64Array(numCols),
    colUpper: Float64Array.from(colUpper),
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    matrix: { format: 'csc', numRows: rowLower.length, numCols, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
  };
  const started = performance.now();
  const model = highs.createModel(data);
  try {
    const { modelStatus } = model.run();
    const millis = performance.now() - started;
    if (modelStatus !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS model status ${modelStatus}`);
    const primal = model.getSolution().colValue;
    const unplaced = unplacedColumn.reduce((sum, j) => sum + primal[j], 0);
    return { objective: model.getObjectiveValue(), unplaced: Math.round(unplaced), millis };
  } finally {
    model.dispose();
  }
}
