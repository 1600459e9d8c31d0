import { Workbook } from 'exceljs';
import { ASSIGNMENT_KIND_LABELS, AssignmentKind } from '../staffing-terms';
import { AssignmentLine } from './staffing-report';

/** Adds sheet 锻炼交流联系: every placement, liaison, rotation and contact point of the exported people. */
export function addAssignmentSheet(workbook: Workbook, lines: { kind: AssignmentKind; line: AssignmentLine }[]): void {
  const ws = workbook.addWorksheet('锻炼交流联系', { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = ['类型', '姓名', '所在单位', '区', '司法所', '方向', '交流单位', '开始日期', '结束日期', '状态'];
  ws.columns = headers.map((header) => ({ header, width: header === '所在单位' || header === '交流单位' || header === '司法所' ? 24 : 12 }));
  ws.getRow(1).font = { bold: true };
  for (const { kind, line } of lines) {
    ws.addRow([ASSIGNMENT_KIND_LABELS[kind], line.person, line.personUnit, line.district, line.office, line.direction ?? '', line.counterpart ?? '', line.startDate, line.endDate, line.status]);
  }
}
