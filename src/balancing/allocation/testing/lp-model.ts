import type { AllocationInput, DistrictKey } from '../allocation.types';
import { LpOptimum, allowedCosts, capOf, lpWeights, targets } from './lp-reference';

/**
 * The same problem for HiGHS as a network LP passed as arrays (CSC) through its persistent
 * API, for the benchmark: no LP reader in the timing, and small enough for the wasm build on
 * the large instance (x[p][s] for every available session would be 4.2 M columns there).
 * Columns: per person, unplaced u, one arc per ranked / current / pinned session, one arc
 * into the unranked pool of its (district, unavailability); per pool, one exit per
 * available session. Rows: person (= 1), pool (in = out), session (≤ C, or = Σ evenness
 * units), binding district caps. Same optimum as `allocationLp`.
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
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (lower: number, upper: number): number => {
    rowLower.push(lower);
    rowUpper.push(upper);
    return rowLower.length - 1;
  };
  const personRow = participants.map(() => addRow(1, 1));
  const sessionRow = sessions.map((session) => addRow(w === 0 ? -highs.infinity : 0, w === 0 ? session.capacity : 0));
  const sizes = new Map<DistrictKey, number>();
  for (const p of participants) sizes.set(p.district, (sizes.get(p.district) ?? 0) + 1);
  const districtRows = new Map<string, number>();
  const districtRow = (district: DistrictKey, s: number): number | undefined => {
    const key = `${String(district)}|${s}`;
    if (!districtRows.has(key)) {
      let cap = capOf(policy.districtShare?.explicitCaps, district, sessions[s].id) ?? Infinity;
      const share = policy.districtShare?.maxShare;
      if (share !== undefined) cap = Math.min(cap, Math.max(1, Math.floor(share * sizes.get(district)! + 1e-9)));
      districtRows.set(key, cap < sizes.get(district)! ? addRow(-highs.infinity, Math.max(0, Math.floor(cap))) : -1);
    }
    const row = districtRows.get(key)!;
    return row < 0 ? undefined : row;
  };
  const [colCost, colUpper, starts, indices, values] = [[] as number[], [] as number[], [0], [] as number[], [] as number[]];
  const column = (cost: number, upper: number, entries: [number | undefined, number][]): number => {
    colCost.push(cost);
    colUpper.push(upper);
    for (const [row, value] of entries) {
      if (row === undefined) continue;
      indices.push(row);
      values.push(value);
    }
    starts.push(indices.length);
    return colCost.length - 1;
  };
  const pools = new Map<string, { row: number; district: DistrictKey; available: number[] }>();
  const unplacedColumn = participants.map((p, i) => {
    const u = column(p.pinnedSession !== undefined ? weights.unplacedPinned : weights.unplaced, highs.infinity, [[personRow[i], 1]]);
    const unrankedCost = policy.unrankedCost + (p.currentSession !== undefined && policy.moveCost > 0 ? policy.moveCost : 0);
    const pooled: number[] = [];
    costs[i].forEach((cost, s) => {
      const direct = p.pinnedSession !== undefined || p.ranked.includes(sessions[s].id) || p.currentSession === sessions[s].id;
      if (direct) column(cost, highs.infinity, [[personRow[i], 1], [sessionRow[s], 1], [districtRow(p.district, s), 1]]);
      else pooled.push(s);
    });
    if (pooled.length === 0) return u;
    const available = [...costs[i].keys()];
    const key = `${String(p.district)}|${available.join(',')}`;
    if (!pools.has(key)) pools.set(key, { row: addRow(0, 0), district: p.district, available });
    column(unrankedCost, highs.infinity, [[personRow[i], 1], [pools.get(key)!.row, 1]]);
    return u;
  });
  for (const pool of pools.values()) {
    for (const s of pool.available) column(0, highs.infinity, [[pool.row, -1], [sessionRow[s], 1], [districtRow(pool.district, s), 1]]);
  }
  if (w > 0) sessions.forEach((session, s) => {
    for (let k = 0; k < session.capacity; k++) column(w * (2 * k + 1 - 2 * t[s]), 1, [[sessionRow[s], -1]]);
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
