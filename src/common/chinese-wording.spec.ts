import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every source file (not specs) under `dir` with one of the extensions. */
function files(dir: string, exts: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path, exts);
    return exts.some((x) => e.name.endsWith(x)) && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const ROOT = join(__dirname, '..', '..');
const SOURCES = [...files(join(ROOT, 'src'), ['.ts']), ...files(join(ROOT, 'views'), ['.hbs'])];

/** Lines of the sources matching `pattern`, as "path:line: text". */
function offending(pattern: RegExp): string[] {
  return SOURCES.flatMap((path) =>
    readFileSync(path, 'utf8').split('\n').flatMap((line, i) => (pattern.test(line) ? [`${path.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

/** The house style of Chinese text in messages, pages and mails (trial item 7): checked over the whole of src and views. */
describe('Chinese wording in src and views', () => {
  it('quotes with “” inside Chinese text, never ASCII double quotes', () => {
    expect(offending(/[\p{Script=Han}，。：、]"[\p{Script=Han}A-Za-z]|[\p{Script=Han}A-Za-z0-9]"[\p{Script=Han}，。；、]/u)).toEqual([]);
  });

  it('no word written twice in a row (e.g. 在编在岗在编在岗)', () => {
    expect(offending(/(\p{Script=Han}{3,})\1/u)).toEqual([]);
  });

  it('no "不早于…之后" (say "须安排在…之后")', () => {
    expect(offending(/不早于[^。]*之后/u)).toEqual([]);
  });
});
