import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_LABELS } from './audit-labels';

/** Every .ts file under `dir` except specs. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Action codes as written in `audit.record(m, { action: '…' })` and `this.record(m, '…', …)`. */
function recordedCodes(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sources(join(__dirname, '..'))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('audit.record(') && !text.includes('this.record(m,')) continue;
    for (const m of text.matchAll(/(?:action: |this\.record\(m, )'([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)'/g)) literal.add(m[1]);
    for (const m of text.matchAll(/action: `([a-z][a-z0-9.-]*)\$\{/g)) prefixes.add(m[1]);
  }
  return { literal, prefixes };
}

describe('audit action labels (issue 13, item 2)', () => {
  const { literal, prefixes } = recordedCodes();

  it('finds the codes it checks (the scan itself works)', () => {
    expect(literal.has('registration.rebalance')).toBe(true);
    expect(literal.size).toBeGreaterThan(20);
  });

  it('every action code recorded in src has a Chinese label', () => {
    expect([...literal].filter((code) => !ACTION_LABELS[code])).toEqual([]);
  });

  it('every computed code (`run.${…}`, `staffing.${…}`) has labels under its prefix', () => {
    expect([...prefixes].filter((prefix) => !Object.keys(ACTION_LABELS).some((code) => code.startsWith(prefix)))).toEqual([]);
  });

  it('labels are Chinese text', () => {
    for (const label of Object.values(ACTION_LABELS)) expect(label).toMatch(/[\u4e00-\u9fff]/);
  });
});
