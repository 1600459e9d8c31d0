import ExcelJS from 'exceljs';
import { neutraliseCell } from '../common/spreadsheet-cells';
import type { CompletionReport, CompletionTotal } from './completion.service';

/** The completion report as .xlsx: totals by session, by district and for the city, then every person. Cells neutralised. */
export async function completionWorkbook(report: CompletionReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const totals = (name: string, list: CompletionTotal[]) => {
    const sheet = book.addWorksheet(name);
    sheet.addRow([name === '按期次' ? '期次' : name === '按区' ? '区' : '范围', '确认人数', '结业', '未结业', '进行中', '结业率']).font = { bold: true };
    for (const t of list) sheet.addRow([t.label, t.confirmed, t.complete, t.incomplete, t.pending, t.rate].map(neutraliseCell));
    sheet.getColumn(1).width = 30;
  };
  totals('按期次', report.bySession);
  totals('按区', report.byDistrict);
  totals('全市', [report.city]);
  const people = book.addWorksheet('人员明细');
  const dayCount = Math.max(0, ...report.rows.map((r) => r.days.length));
  people.addRow(['期次', '姓名', '区', '单位', '职务', ...Array.from({ length: dayCount }, (_, i) => `第 ${i + 1} 天`), '结业']).font = { bold: true };
  for (const r of report.rows) people.addRow([r.sessionTitle, r.name, r.districtName, r.unitLabel, r.postLabel, ...r.days, r.resultText].map(neutraliseCell));
  return Buffer.from(await book.xlsx.writeBuffer());
}
