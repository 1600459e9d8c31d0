import { columnOfHeader, POST_LABELS, ROSTER_COLUMN_LABELS, ROSTER_COLUMNS } from './roster-columns';
import { parseEmail, parseMobile, parseName, parsePostKind, parseUnitCode } from './roster-fields';
import { RosterColumn, RosterCodes, RosterImportRow, RosterRowError } from './roster-import.types';
import { readDataLines, TableLine } from './read-roster-table';

export type { PostKind, RosterCodes, RosterImportRow, RosterRowError } from './roster-import.types';
export { buildRosterTemplate } from './roster-template';
import { EXAMPLE } from './roster-template';

type ColumnIndexes = Record<RosterColumn, number>;

const prefix = (line: number) => `第 ${line} 行：`;
const quoted = (labels: string[]) => labels.map((label) => `“${label}”`).join('、');

/**
 * Maps header cells to columns. Blank header cells are ignored; an unknown, repeated or missing
 * column yields one error for line 1 that lists every problem.
 */
function readHeader(header: TableLine | undefined): { indexes?: ColumnIndexes; error?: RosterRowError } {
  const indexes: Partial<ColumnIndexes> = {};
  const unknown: string[] = [];
  const repeated: string[] = [];
  header?.cells.forEach((cell, index) => {
    if (cell.trim() === '') return;
    const column = columnOfHeader(cell);
    if (!column) unknown.push(cell.trim());
    else if (indexes[column] !== undefined) repeated.push(cell.trim());
    else indexes[column] = index;
  });
  const missing = ROSTER_COLUMNS.filter((column) => indexes[column] === undefined);
  if (unknown.length === 0 && repeated.length === 0 && missing.length === 0) {
    return { indexes: indexes as ColumnIndexes };
  }
  const problems = [
    unknown.length > 0 ? `无法识别的列${quoted(unknown)}` : '',
    repeated.length > 0 ? `重复的列${quoted(repeated)}` : '',
    missing.length > 0 ? `缺少必填列${quoted(missing.map((column) => ROSTER_COLUMN_LABELS[column]))}` : '',
  ].filter(Boolean);
  const expected = ROSTER_COLUMNS.map((column) => ROSTER_COLUMN_LABELS[column]).join('、');
  const message = `${prefix(1)}表头有误（${problems.join('；')}）。表头应为：${expected}`;
  return { error: { line: 1, field: 'header', message } };
}

/** Validates one data line; returns the row when every field is valid, and the field errors. */
function readRow(
  { line, cells }: TableLine,
  indexes: ColumnIndexes,
  codes: RosterCodes,
): { row?: RosterImportRow; errors: RosterRowError[] } {
  const cell = (column: RosterColumn) => cells[indexes[column]] ?? '';
  const postKind = parsePostKind(cell('postKind'));
  const results = {
    unitCode: parseUnitCode(cell('unitCode'), postKind.ok ? postKind.value : undefined, codes),
    postKind,
    name: parseName(cell('name')),
    mobile: parseMobile(cell('mobile')),
    email: parseEmail(cell('email')),
  };
  const errors: RosterRowError[] = [];
  for (const column of ROSTER_COLUMNS) {
    const result = results[column];
    if (!result.ok) errors.push({ line, field: column, message: prefix(line) + result.message });
  }
  const { unitCode, name, mobile, email } = results;
  if (!unitCode.ok || !postKind.ok || !name.ok || !mobile.ok || !email.ok) return { errors };
  return {
    row: {
      line,
      unitCode: unitCode.value,
      postKind: postKind.value,
      name: name.value,
      mobile: mobile.value,
      email: email.value,
    },
    errors,
  };
}

/**
 * One person per (unit, post) and one row per e-mail address (compared case-insensitively, since
 * the invitation mail goes to that address). The first row wins; later ones become errors.
 */
function rejectDuplicates(rows: RosterImportRow[]): { rows: RosterImportRow[]; errors: RosterRowError[] } {
  const firstByPost = new Map<string, number>();
  const firstByEmail = new Map<string, number>();
  const kept: RosterImportRow[] = [];
  const errors: RosterRowError[] = [];
  for (const row of rows) {
    const postKey = `${row.unitCode}/${row.postKind}`;
    const emailKey = row.email.toLowerCase();
    const samePost = firstByPost.get(postKey);
    const sameEmail = firstByEmail.get(emailKey);
    if (samePost !== undefined) {
      const message = `${prefix(row.line)}单位 ${row.unitCode} 的${POST_LABELS[row.postKind]}与第 ${samePost} 行重复`;
      errors.push({ line: row.line, field: 'postKind', message });
    }
    if (sameEmail !== undefined) {
      const message = `${prefix(row.line)}邮箱 ${row.email} 与第 ${sameEmail} 行重复`;
      errors.push({ line: row.line, field: 'email', message });
    }
    if (samePost !== undefined || sameEmail !== undefined) continue;
    firstByPost.set(postKey, row.line);
    firstByEmail.set(emailKey, row.line);
    kept.push(row);
  }
  return { rows: kept, errors };
}

/**
 * Parses and validates an uploaded roster of training participants (DOMAIN.md: office directors
 * and the two district section heads). Accepts .xlsx and CSV (UTF-8 with or without BOM, or
 * GB18030/GBK). Line 1 is the header, in Chinese or English (see roster-columns.ts); blank lines
 * are skipped. Returns the valid, normalised rows and every error (Chinese, per line and field);
 * the caller should import nothing while `errors` is non-empty. Never throws for bad input: an
 * unreadable file is reported as a line-0 'file' error.
 */
export async function parseRosterFile(
  file: { buffer: Buffer; filename: string },
  codes: RosterCodes,
): Promise<{ rows: RosterImportRow[]; errors: RosterRowError[] }> {
  const table = await readDataLines(file, readHeader);
  if ('error' in table) return { rows: [], errors: [table.error] };
  const { indexes, data } = table;
  const valid: RosterImportRow[] = [];
  const errors: RosterRowError[] = [];
  for (const line of data) {
    const result = readRow(line, indexes, codes);
    if (result.row && result.row.email === EXAMPLE.email && result.row.name === EXAMPLE.name) {
      errors.push({ line: line.line, field: 'name', message: `第 ${line.line} 行：这是模板中的示例行（${EXAMPLE.name}），请替换为真实人员或删除` });
      continue;
    }
    if (result.row) valid.push(result.row);
    errors.push(...result.errors);
  }
  const deduplicated = rejectDuplicates(valid);
  errors.push(...deduplicated.errors);
  const fieldOrder = (e: RosterRowError) => ROSTER_COLUMNS.indexOf(e.field as RosterColumn);
  errors.sort((a, b) => a.line - b.line || fieldOrder(a) - fieldOrder(b));
  return { rows: deduplicated.rows, errors };
}
