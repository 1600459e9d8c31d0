/**
 * Benchmark of the allocation engine on the standard instances of
 * /work/shared/bench/BALANCE-INSTANCES.md (seed 1) and on the real run's size.
 *
 *   npx ts-node --transpile-only bench/balance.bench.ts [--with-highs-large]
 *
 * Each instance runs in its own process (so peak RSS is that instance's): the engine once cold
 * ("first"), then 5 times (median, min), the FCFS greedy, then HiGHS on the same LP as the
 * optimality tests from LP text (x[p][s], includes the LP reader), and the same problem as a
 * compact network LP from arrays (solver only, `testing/lp-model.ts`). HiGHS on "large" takes
 * minutes and only runs with --with-highs-large, from arrays only (its ~290 MB LP text and
 * 4.2 M-column x[p][s] model exhaust the wasm build).
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { allocate } from '../src/balancing/allocation/allocate';
import type { AllocationInput } from '../src/balancing/allocation/allocation.types';
import { STANDARD_SIZES, greedyFcfs, standardInstance } from '../src/balancing/allocation/standard-instances';
import { solveReferenceModel } from '../src/balancing/allocation/testing/lp-model';
import { foldedObjective, solveReference } from '../src/balancing/allocation/testing/lp-reference';
import { realRun } from './real-run';

type Name = 'real run' | keyof typeof STANDARD_SIZES;
const NAMES: Name[] = ['real run', 'small', 'medium', 'large'];
const TARGETS: Partial<Record<Name, string>> = { 'real run': '< 20 ms', medium: '≥ 10× faster than HiGHS', large: '< 1 s' };

interface Row {
  name: Name;
  size: string;
  coldMs: number;
  medianMs: number;
  minMs: number;
  objective: number;
  optimum: number | null;
  unplaced: number;
  rssMb: number;
  /** Peak RSS before the engine ran (Node + ts-node + the instance). */
  baseRssMb: number;
  heapMb: number;
  greedy: string;
  /** HiGHS on the LP text (as in the tests), including the LP reader. */
  highsLpMs: number | null;
  /** HiGHS on the same model passed as arrays (solver only). */
  highsModelMs: number | null;
  highsEqual: boolean | null;
  source?: string;
}

function load(name: Name): { input: AllocationInput; optimum: number | null; source?: string } {
  if (name === 'real run') return { ...realRun(), optimum: null };
  return { input: standardInstance(STANDARD_SIZES[name], 1), optimum: STANDARD_SIZES[name].optimum };
}

async function child(name: Name, withHighs: boolean): Promise<Row> {
  const { input, optimum, source } = load(name);
  const baseRssMb = process.resourceUsage().maxRSS / 1024;
  const times: number[] = [];
  const coldStart = performance.now();
  let plan = allocate(input);
  const coldMs = performance.now() - coldStart;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    plan = allocate(input);
    times.push(performance.now() - started);
  }
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  times.sort((a, b) => a - b);
  const greedy = greedyFcfs(input);
  let highsLpMs: number | null = null;
  let highsModelMs: number | null = null;
  let highsEqual: boolean | null = null;
  if (withHighs) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const highs = await require('highs')();
    const equal = (objective: number): boolean => Math.abs(objective - foldedObjective(input, plan)) < 1e-6 * Math.max(1, objective);
    const model = solveReferenceModel(highs, input);
    highsModelMs = model.millis;
    highsEqual = equal(model.objective);
    if (name !== 'large') {
      const text = solveReference(highs, input);
      highsLpMs = text.millis;
      highsEqual = highsEqual && equal(text.objective);
    }
  }
  const districts = new Set(input.participants.map((p) => p.district)).size;
  return {
    name,
    size: `${input.participants.length}×${input.sessions.length}×${districts}`,
    coldMs,
    medianMs: times[2],
    minMs: times[0],
    objective: plan.cost.total,
    optimum,
    unplaced: plan.unplaced.length,
    rssMb,
    baseRssMb,
    heapMb,
    greedy: `${greedy.cost.total} (${greedy.unplaced.length} unpl.)`,
    highsLpMs,
    highsModelMs,
    highsEqual,
    source,
  };
}

function table(rows: Row[]): string {
  const header = ['instance', 'P×S×D', 'first ms', 'median ms', 'min ms', 'objective', 'known opt.', 'unplaced', 'peak RSS MB (before)', 'heap MB', 'greedy FCFS', 'HiGHS LP-text ms', 'HiGHS network-LP ms', 'HiGHS equal', 'HiGHS net-LP / ours', 'target'];
  const lines = rows.map((r) => [
    r.name,
    r.size,
    r.coldMs.toFixed(1),
    r.medianMs.toFixed(1),
    r.minMs.toFixed(1),
    String(r.objective),
    r.optimum === null ? '–' : `${r.optimum} ${r.optimum === r.objective ? '✓' : '✗'}`,
    String(r.unplaced),
    `${r.rssMb.toFixed(0)} (${r.baseRssMb.toFixed(0)})`,
    r.heapMb.toFixed(0),
    r.greedy,
    r.highsLpMs === null ? (r.name === 'large' ? 'n/a' : 'skipped') : r.highsLpMs.toFixed(0),
    r.highsModelMs === null ? 'skipped' : r.highsModelMs.toFixed(0),
    r.highsEqual === null ? '–' : r.highsEqual ? 'yes' : 'NO',
    r.highsModelMs === null ? '–' : `${(r.highsModelMs / r.medianMs).toFixed(0)}×`,
    TARGETS[r.name] ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--child');
  if (at >= 0) {
    const name = args[at + 1] as Name;
    const row = await child(name, name !== 'large' || args.includes('--with-highs-large'));
    process.stdout.write(JSON.stringify(row));
    return;
  }
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const rows: Row[] = [];
  for (const name of NAMES) {
    // HiGHS on large reads an LP of ~4 million columns: give that process a large heap.
    const heap = name === 'large' && args.includes('--with-highs-large') ? ['--max-old-space-size=16384'] : [];
    const run = spawnSync(process.execPath, [...heap, '-r', 'ts-node/register/transpile-only', __filename, '--child', name, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`${name}: ${run.stderr}`);
    rows.push(JSON.parse(run.stdout) as Row);
  }
  console.log(table(rows));
  const real = rows.find((r) => r.source);
  if (real) console.log(`real run: ${real.source}; 3 sessions × 90 seats, district share ≤ 40 %`);
  console.log('times in ms, wall clock; ours = allocate() incl. explanations; ratio against the faster HiGHS run (network LP from arrays)');
}

void main();
