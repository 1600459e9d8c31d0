import { Workbook, Worksheet } from 'exceljs';
import { AssignmentLine, OfficeLine, StaffingReport } from './staffing-report';
import { TimelineEvent } from './office-timeline';
import { formatDate, formatRange } from '../rules/date-ranges';

type Column<T> = [header: string, value: (row: T) => string | number, width?: number];

function sheet<T>(workbook: Workbook, name: string, columns: Column<T>[], rows: T[]): Worksheet {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map(([header, , width]) => ({ header, width: width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(columns.map(([, value]) => value(row)));
  return ws;
}

const OFFICE: Column<OfficeLine>[] = [
  ['区', (o) => o.district, 10],
  ['司法所', (o) => o.office, 24],
  ['编制数', (o) => o.approvedPosts],
  ['在编在岗人数', (o) => o.headcount],
  ['在岗人数（含辅助）', (o) => o.onPost],
  ['正式在编人员', (o) => o.formalStaff],
  ['持证正式在编人员（任务18）', (o) => o.certificateHolders],
  ['联系干部', (o) => o.liaisons.join('、'), 20],
  ['可增加编制依据（任务12）', (o) => o.entitlement.join('；'), 40],
];

const ASSIGNMENT: Column<AssignmentLine>[] = [
  ['区', (a) => a.district, 10],
  ['司法所', (a) => a.office, 24],
  ['姓名', (a) => a.person, 10],
  ['所在单位', (a) => a.personUnit, 24],
  ['开始日期', (a) => a.startDate, 12],
  ['结束日期', (a) => a.endDate || '未定', 12],
  ['状态', (a) => a.status, 10],
];

const ROTATION: Column<AssignmentLine>[] = [['方向', (a) => a.direction ?? '', 14], ...ASSIGNMENT.slice(0, 4), ['交流单位', (a) => a.counterpart ?? '', 28], ...ASSIGNMENT.slice(4)];

/**
 * The reports of one scope as .xlsx: 汇总 (per district), then one sheet per list — offices with
 * fewer posts filled than approved (task 12), without a certificate holder (task 18), without a liaison cadre (task 19), entitled
 * to more posts (task 12), placements (task 19), rotations in the period by direction (task 21),
 * and every office's figures.
 */
export async function buildReportWorkbook(report: StaffingReport): Promise<Buffer> {
  const workbook = new Workbook();
  const { label, date, period } = report.scope;
  const summary = sheet(workbook, '汇总', [
    ['区', (d) => d.district, 10],
    ['司法所数', (d) => d.offices],
    ['在编在岗少于编制数', (d) => d.belowMinimum],
    ['无持证人员', (d) => d.withoutHolder],
    ['无联系干部', (d) => d.withoutLiaison],
    ['可增加编制', (d) => d.entitled],
    ['锻炼（计划中/进行中）', (d) => d.placements],
    ['交流至其他单位任职', (d) => d.rotationsOut],
    ['交流到司法所任职', (d) => d.rotationsIn],
    ['正式在编人员', (d) => d.formalStaff],
    ['其中持证', (d) => d.certifiedStaff],
    ['持证比重（任务18）', (d) => d.certificateShare],
  ], report.districts);
  const deadline = `任务18持证人员配备期限：${report.certificate.label}${report.certificate.overdue ? '，已超过期限' : ''}`;
  summary.insertRow(1, [`${label}司法所人员配备情况（统计日期${formatDate(date)}；交流任职统计期间${formatRange(period)}；${deadline}）`]);
  sheet(workbook, '少于编制数', OFFICE, report.belowMinimum);
  sheet(workbook, '无持证人员', [...OFFICE, ['状态', () => (report.certificate.overdue ? '逾期未配备' : '尚未配备'), 12]], report.withoutCertificateHolder);
  sheet(workbook, '无联系干部', OFFICE, report.withoutLiaison);
  sheet(workbook, '可增加编制', OFFICE, report.entitledToMore);
  sheet(workbook, '锻炼', ASSIGNMENT, report.placements);
  sheet(workbook, '交流任职', ROTATION, [...report.rotations.out, ...report.rotations.in]);
  sheet(workbook, '各司法所', OFFICE, report.offices);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One office's timeline as .xlsx (sheet 时间线). */
export async function buildTimelineWorkbook(office: string, events: (TimelineEvent & { recorded?: string })[]): Promise<Buffer> {
  const workbook = new Workbook();
  const ws = sheet(workbook, '时间线', [
    ['日期', (e) => e.date, 12],
    ['事项', (e) => e.what, 30],
    ['人员', (e) => e.person, 12],
    ['状态', (e) => e.status, 10],
    ['记录', (e) => e.recorded ?? '', 50],
  ], events);
  ws.insertRow(1, [`${office}人员配备时间线`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
