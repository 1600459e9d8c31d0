import { readDataLines, TableLine } from '../../organisation/roster-import/read-roster-table';
import { REQUIRED_STAFF_COLUMNS, STAFF_COLUMN_LABELS, STAFF_COLUMNS, StaffColumn, staffColumnOf } from './staff-columns';
import { readStaffRecord, StaffRecordInput, UnitCodes } from './staff-record';
import { FORM_MESSAGES as F } from '../staffing-messages';

/** A problem for the organiser to fix: `line` is the spreadsheet row (header = 1; 0 = the file). Messages start with 第N行：. */
export interface StaffRowError {
  line: number;
  field: string;
  message: string;
}

/** A valid row and its spreadsheet line. */
export interface StaffRow {
  line: number;
  record: StaffRecordInput;
}

const prefix = F.line;

function readHeader(header: TableLine | undefined): { indexes?: Partial<Record<StaffColumn, number>>; error?: StaffRowError } {
  const indexes: Partial<Record<StaffColumn, number>> = {};
  const unknown: string[] = [];
  const repeated: string[] = [];
  header?.cells.forEach((cell, index) => {
    if (cell.trim() === '') return;
    const column = staffColumnOf(cell);
    if (!column) unknown.push(cell.trim());
    else if (indexes[column] !== undefined) repeated.push(cell.trim());
    else indexes[column] = index;
  });
  const missing = REQUIRED_STAFF_COLUMNS.filter((c) => indexes[c] === undefined);
  if (!unknown.length && !repeated.length && !missing.length) return { indexes };
  const quoted = (labels: string[]) => labels.map((l) => `“${l}”`).join('、');
  const problems = [
    unknown.length ? F.headerUnknown(quoted(unknown)) : '',
    repeated.length ? F.headerRepeated(quoted(repeated)) : '',
    missing.length ? F.headerMissing(quoted(missing.map((c) => STAFF_COLUMN_LABELS[c]))) : '',
  ].filter(Boolean);
  const expected = STAFF_COLUMNS.map((c) => STAFF_COLUMN_LABELS[c]).join('、');
  return { error: { line: 1, field: 'header', message: `${prefix(1)}${F.headerWrong(problems, expected)}` } };
}

/** One person number and one e-mail address per file; the first row wins. */
function rejectDuplicates(rows: StaffRow[]): StaffRowError[] {
  const errors: StaffRowError[] = [];
  const numbers = new Map<string, number>();
  const emails = new Map<string, number>();
  for (const { line, record } of rows) {
    const firstNumber = numbers.get(record.staffNumber.toLowerCase());
    if (firstNumber !== undefined) errors.push({ line, field: 'staffNumber', message: `${prefix(line)}${F.duplicateNumber(record.staffNumber, firstNumber)}` });
    else numbers.set(record.staffNumber.toLowerCase(), line);
    if (!record.email) continue;
    const firstEmail = emails.get(record.email.toLowerCase());
    if (firstEmail !== undefined) errors.push({ line, field: 'email', message: `${prefix(line)}${F.duplicateEmail(record.email!, firstEmail)}` });
    else emails.set(record.email.toLowerCase(), line);
  }
  return errors;
}

/**
 * Parses an uploaded staff register (.xlsx or CSV in UTF-8/GB18030, read by the roster import's
 * reader). Line 1 is the header (Chinese labels, aliases or English keys; see staff-columns.ts);
 * blank lines are skipped. Returns the valid rows and EVERY error (Chinese, per line and field);
 * the caller writes nothing while `errors` is non-empty. Never throws for bad input.
 */
export async function parseStaffFile(file: { buffer: Buffer; filename: string }, codes: UnitCodes): Promise<{ rows: StaffRow[]; errors: StaffRowError[] }> {
  const table = await readDataLines(file, readHeader);
  if ('error' in table) return { rows: [], errors: [table.error] };
  const { indexes, data } = table;
  const rows: StaffRow[] = [];
  const errors: StaffRowError[] = [];
  for (const { line, cells } of data) {
    const cell = (c: StaffColumn) => (indexes[c] === undefined ? '' : cells[indexes[c]!] ?? '');
    const result = readStaffRecord(cell, codes);
    if (result.record) rows.push({ line, record: result.record });
    errors.push(...result.errors.map((e) => ({ line, field: e.field, message: prefix(line) + e.message })));
  }
  errors.push(...rejectDuplicates(rows));
  const order = (e: StaffRowError) => STAFF_COLUMNS.indexOf(e.field as StaffColumn);
  errors.sort((a, b) => a.line - b.line || order(a) - order(b));
  return { rows, errors };
}
