import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { xlsxContainerProblem } from './xlsx-preflight';

/** One line of a spreadsheet as text cells; `line` is the row number Excel shows (header = 1). */
export interface TableLine {
  line: number;
  cells: string[];
}

/** Thrown for a file we cannot read at all; the message is for organisers. */
export class UnreadableRosterFileError extends Error {}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (buffer: Buffer, bytes: number[]) => bytes.every((byte, i) => buffer[i] === byte);

/**
 * Text of a CSV file: UTF-8 (BOM stripped), or, when the bytes are not valid UTF-8, GB18030 — the
 * superset of GBK/GB2312 that Excel on Chinese Windows writes for "CSV (逗号分隔)". Both decoders
 * are strict: bytes valid in neither throw UnreadableRosterFileError naming the encodings tried,
 * rather than storing replacement characters (issue 9, item 12).
 */
export function decodeCsv(buffer: Buffer): string {
  const body = startsWith(buffer, UTF8_BOM) ? buffer.subarray(UTF8_BOM.length) : buffer;
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(body);
    } catch {
      // try the next encoding
    }
  }
  throw new UnreadableRosterFileError('无法识别文件的文字编码（已尝试 UTF-8 和 GB18030/GBK，均不是有效文本），未导入：请在 Excel 中另存为"CSV UTF-8"或 .xlsx 后重新上传');
}

/** Lines of a CSV file; a record spanning several physical lines (quoted newline) counts as one. */
export function readCsvTable(buffer: Buffer): TableLine[] {
  const text = decodeCsv(buffer);
  // NUL and other control characters (binary data, UTF-16 files) never occur in a roster CSV.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    throw new UnreadableRosterFileError('文件不是有效的 CSV 文本文件（可能是二进制文件或 UTF-16 编码），请在 Excel 中另存为"CSV UTF-8"或 .xlsx');
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, relax_quotes: true, trim: false });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new UnreadableRosterFileError(`CSV 文件格式有误${line ? `（约第 ${line} 行，可能是引号未闭合）` : ''}，请检查后重新上传`);
  }
  return records.map((cells, index) => ({ line: index + 1, cells }));
}

/** Lines of the first worksheet of an .xlsx file; cell text as Excel displays it (hyperlinks, formulas' results). */
export async function readXlsxTable(buffer: Buffer): Promise<TableLine[]> {
  // Bounded before exceljs inflates anything: entry count and uncompressed size (xlsx-preflight.ts).
  const problem = await xlsxContainerProblem(buffer);
  if (problem) throw new UnreadableRosterFileError(problem);
  const workbook = new Workbook();
  try {
    // exceljs declares its own Buffer type; at run time it takes Node's.
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new UnreadableRosterFileError('无法读取 Excel 文件，请确认文件为 .xlsx 格式且未损坏');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const lines: TableLine[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, columnNumber) => {
      cells[columnNumber - 1] = cell.text ?? '';
    });
    lines.push({ line: rowNumber, cells: Array.from(cells, (cell) => cell ?? '') });
  });
  return lines;
}

/**
 * Lines of an uploaded roster: .xlsx (by extension or zip signature) or .csv/.txt.
 * Throws UnreadableRosterFileError for any other format (notably the old binary .xls).
 */
export async function readRosterTable(file: { buffer: Buffer; filename: string }): Promise<TableLine[]> {
  const extension = /\.([^.]+)$/.exec(file.filename)?.[1]?.toLowerCase() ?? '';
  if (extension === 'xlsx' || startsWith(file.buffer, ZIP_MAGIC)) return readXlsxTable(file.buffer);
  if (extension === 'csv' || extension === 'txt') return readCsvTable(file.buffer);
  throw new UnreadableRosterFileError(
    `不支持的文件格式“${file.filename}”：请上传 .xlsx 或 .csv 文件（.xls 请在 Excel 中另存为 .xlsx）`,
  );
}

/** A file-level problem (line 0) or a header problem (line 1), as importers report them. */
export interface TableError {
  line: number;
  field: string;
  message: string;
}

/**
 * The data lines of an uploaded table below a valid header, blank lines skipped: the common first
 * step of every all-or-nothing import. `readHeader` maps the header line to column indexes, or
 * says what is wrong with it. Never throws for bad input.
 */
export async function readDataLines<I>(
  file: { buffer: Buffer; filename: string },
  readHeader: (line: TableLine | undefined) => { indexes?: I; error?: TableError },
): Promise<{ indexes: I; data: TableLine[] } | { error: TableError }> {
  let lines: TableLine[];
  try {
    lines = await readRosterTable(file);
  } catch (error) {
    if (!(error instanceof UnreadableRosterFileError)) throw error;
    return { error: { line: 0, field: 'file', message: error.message } };
  }
  const nonBlank = lines.filter((line) => line.cells.some((cell) => cell.trim() !== ''));
  const { indexes, error } = readHeader(nonBlank.find((line) => line.line === 1));
  if (!indexes) return { error: error! };
  const data = nonBlank.filter((line) => line.line > 1);
  if (data.length === 0) return { error: { line: 0, field: 'file', message: '文件中没有数据行：请在表头下方逐行填写人员' } };
  return { indexes, data };
}
