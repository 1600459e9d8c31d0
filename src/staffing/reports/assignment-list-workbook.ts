import { Workbook } from 'exceljs';
import { neutraliseCell } from '../../common/spreadsheet-cells';

/** One exported row of the assignment list (see assignmentRow in staffing-list-views.service.ts). */
export interface AssignmentExportRow {
  kind: string;
  direction: string;
  person: string;
  staffNumber: string;
  office: string;
  counterpart: string;
  startDate: string;
  endDate: string;
  status: string;
}

const HEADERS: [keyof AssignmentExportRow, string, number][] = [
  ['kind', '类型', 10], ['direction', '方向', 24], ['person', '姓名', 12], ['staffNumber', '人员编号', 14], ['office', '司法所', 24],
  ['counterpart', '交流单位', 28], ['startDate', '开始日期', 12], ['endDate', '结束日期', 12], ['status', '状态', 10],
];

/** The filtered assignment list as an Excel workbook (sheet 锻炼交流联系, one row per assignment, cells neutralised). */
export async function buildAssignmentListWorkbook(rows: AssignmentExportRow[]): Promise<Buffer> {
  const workbook = new Workbook();
  const ws = workbook.addWorksheet('锻炼交流联系', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = HEADERS.map(([key, header, width]) => ({ key, header, width }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(HEADERS.map(([key]) => neutraliseCell(row[key])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
