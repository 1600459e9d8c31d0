import { Workbook } from 'exceljs';
import {
  EDUCATION_LABELS, EMPLOYMENT_LABELS, POSITION_LABELS, POST_TYPE_LABELS, StaffUnitKind, UNIT_KIND_LABELS,
} from '../staffing-terms';
import { STAFF_COLUMN_LABELS, STAFF_COLUMNS, StaffColumn } from './staff-columns';
import { StaffRecordInput } from './staff-record';

/** A register record with the unit code to write (9-digit office or 6-digit district code). */
export type ExportedStaff = StaffRecordInput & { unitCode: string };

const TEXT_COLUMNS: StaffColumn[] = ['staffNumber', 'unitCode', 'certificateNumber', 'mobile', 'certificateDate', 'startDate', 'hiredOn'];
const yesNo = (value: boolean) => (value ? '是' : '否');

const CHOICES: Partial<Record<StaffColumn, string[]>> = {
  unitKind: Object.values(UNIT_KIND_LABELS),
  position: Object.values(POSITION_LABELS),
  postType: Object.values(POST_TYPE_LABELS),
  employment: Object.values(EMPLOYMENT_LABELS),
  education: Object.values(EDUCATION_LABELS),
  leadingCadre: ['是', '否'],
  lawDegree: ['是', '否'],
  certificateHeld: ['是', '否'],
  newlyHired: ['是', '否'],
};

/** The row a record becomes: Chinese labels, 是/否, dates 'YYYY-MM-DD' — exactly what the import reads back. */
export function staffRow(s: ExportedStaff): Record<StaffColumn, string> {
  return {
    staffNumber: s.staffNumber,
    name: s.name,
    unitKind: UNIT_KIND_LABELS[s.unitKind as StaffUnitKind],
    unitCode: s.unitCode,
    unitName: s.unitName ?? '',
    position: POSITION_LABELS[s.position],
    leadingCadre: yesNo(s.leadingCadre),
    postType: POST_TYPE_LABELS[s.postType],
    employment: EMPLOYMENT_LABELS[s.employment],
    education: EDUCATION_LABELS[s.education],
    lawDegree: yesNo(s.lawDegree),
    certificateHeld: yesNo(s.certificateHeld),
    certificateNumber: s.certificateNumber ?? '',
    certificateDate: s.certificateDate ?? '',
    startDate: s.startDate,
    newlyHired: yesNo(s.newlyHired),
    hiredOn: s.hiredOn ?? '',
    mobile: s.mobile ?? '',
    email: s.email ?? '',
  };
}

/**
 * The staff register as .xlsx (sheet 人员配备, the import's columns, drop-downs on choice columns,
 * codes and dates kept as text). Empty `people` gives the import template with one example row.
 */
export async function buildStaffWorkbook(people: ExportedStaff[], extraSheets: (workbook: Workbook) => void = () => undefined): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('人员配备', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = STAFF_COLUMNS.map((key) => ({
    header: STAFF_COLUMN_LABELS[key],
    key,
    width: key === 'email' || key === 'unitName' ? 28 : 14,
    style: TEXT_COLUMNS.includes(key) ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const person of people) sheet.addRow(staffRow(person));
  if (!people.length) sheet.addRow(staffRow(EXAMPLE));
  const rows = Math.max(people.length + 1, 400);
  for (const [key, values] of Object.entries(CHOICES)) {
    const column = STAFF_COLUMNS.indexOf(key as StaffColumn) + 1;
    for (let row = 2; row <= rows; row++) {
      sheet.getCell(row, column).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`] };
    }
  }
  extraSheets(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const EXAMPLE: ExportedStaff = {
  staffNumber: 'HP-0001', name: '张三', unitKind: 'office', unitCode: '310101002', officeId: null, districtId: null, unitName: null,
  position: 'director', leadingCadre: false, postType: 'dedicated', employment: 'permanent', education: 'bachelor', lawDegree: true,
  certificateHeld: true, certificateNumber: 'A20181234567', certificateDate: '2018-12-20', startDate: '2019-06-01', newlyHired: false,
  hiredOn: null, mobile: '13812345678', email: 'zhangsan@example.com',
};
