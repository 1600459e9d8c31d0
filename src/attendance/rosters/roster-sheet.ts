import ExcelJS from 'exceljs';
import { neutraliseCell } from '../../common/spreadsheet-cells';
import type { RosterPerson } from '../session-roster.service';

/** Rows per printed A4 page of a roster or sign-in sheet (issue 11, item 7). */
export const ROWS_PER_PAGE = 25;

/** What a roster or sign-in sheet is of: a session, optionally one day and one district. */
export interface SheetHeading {
  runTitle: string;
  sessionTitle: string;
  venue: string;
  /** e.g. 第 1 天 · 2021年4月12日（星期一）; null for the session roster (no signatures). */
  dayLabel: string | null;
  /** e.g. 黄浦区, or 全市. */
  districtLabel: string;
}

/** One line of a sheet: number, the person, and what goes in the signature box (请假 for an approved leave). */
export interface SheetRow extends RosterPerson {
  n: number;
  note: string;
}

/** The sheet split into A4 pages of `ROWS_PER_PAGE` rows, each page with its number. */
export function paginate(rows: SheetRow[]): { number: number; total: number; rows: SheetRow[] }[] {
  const total = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
  return Array.from({ length: total }, (_, i) => ({ number: i + 1, total, rows: rows.slice(i * ROWS_PER_PAGE, (i + 1) * ROWS_PER_PAGE) }));
}

/** The title of a sheet, e.g. 全市司法所长培训班（第一期）签到表 · 第 1 天 … · 黄浦区. */
export function sheetTitle(h: SheetHeading): string {
  return `${h.sessionTitle}${h.dayLabel ? '签到表' : '参训名单'} · ${h.dayLabel ? `${h.dayLabel} · ` : ''}${h.districtLabel}`;
}

/**
 * The sheet as an .xlsx workbook: A4 portrait, the column header repeated on every printed page,
 * a page break every `ROWS_PER_PAGE` rows, a signature column on day sheets. Cells neutralised.
 */
export async function sheetWorkbook(h: SheetHeading, rows: SheetRow[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(h.dayLabel ? '签到表' : '参训名单', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  const signature = h.dayLabel !== null;
  sheet.columns = [
    { width: 6 }, { width: 12 }, { width: 28 }, { width: 10 }, { width: 22 }, ...(signature ? [{ width: 22 }] : [{ width: 14 }]),
  ];
  sheet.addRow([sheetTitle(h)]).font = { bold: true, size: 14 };
  sheet.addRow([`${h.runTitle} · ${h.venue} · 共 ${rows.length} 人`]);
  const header = sheet.addRow(['序号', '姓名', '单位', '区', '职务', signature ? '签名' : '手机']);
  header.font = { bold: true };
  rows.forEach((r, i) => {
    const row = sheet.addRow([r.n, r.name, r.unitLabel, r.districtName, r.postLabel, signature ? r.note : r.mobile].map(neutraliseCell));
    row.height = 24;
    row.eachCell((cell) => (cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } }));
    if ((i + 1) % ROWS_PER_PAGE === 0 && i + 1 < rows.length) row.addPageBreak();
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
