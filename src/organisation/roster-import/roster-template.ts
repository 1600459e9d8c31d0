import { Workbook } from 'exceljs';
import { POST_LABELS, ROSTER_COLUMN_LABELS, ROSTER_COLUMNS } from './roster-columns';
import { RosterColumn } from './roster-import.types';

/** Rows below the header that get the post drop-down and text formatting. */
const TEMPLATE_ROWS = 400;

/** The template's example row; an import that still contains it is refused. */
export const EXAMPLE: Record<RosterColumn, string> = {
  unitCode: '310101002',
  postKind: POST_LABELS.office_director,
  name: '示例姓名',
  mobile: '13800000000',
  email: 'template.example@example.org',
};

const WIDTHS: Record<RosterColumn, number> = { unitCode: 14, postKind: 30, name: 12, mobile: 16, email: 30 };

const INSTRUCTIONS = [
  '填写说明',
  '1. 第一行为表头，请勿修改；示例行（第 2 行）请替换或删除。',
  '2. 单位代码：司法所所长填写所在街道、乡镇的 9 位代码（如 310101002）；',
  '   促进法治科（处）负责人、依法治区秘书科（处）负责人填写所在区的 6 位代码（如 310101）。',
  `3. 岗位：${Object.values(POST_LABELS).join('、')}。`,
  '4. 手机：中国大陆 11 位手机号码；邮箱：接收培训通知的电子邮箱，每人一个，不得重复。',
  '5. 同一单位的同一岗位只填写一人。保存为 .xlsx 后上传；也可另存为 CSV（UTF-8 或 GBK 均可）。',
];

/**
 * The .xlsx import template: sheet "名单" with the Chinese headers parseRosterFile expects, one
 * example row, code and mobile columns formatted as text (so Excel keeps them as typed), a
 * drop-down of the three post titles; and a second sheet "填写说明" with the rules.
 */
export async function buildRosterTemplate(): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((column) => ({
    header: ROSTER_COLUMN_LABELS[column],
    key: column,
    width: WIDTHS[column],
    style: column === 'unitCode' || column === 'mobile' ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(EXAMPLE);
  const postColumn = ROSTER_COLUMNS.indexOf('postKind') + 1;
  for (let row = 2; row <= TEMPLATE_ROWS + 1; row++) {
    sheet.getCell(row, postColumn).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${Object.values(POST_LABELS).join(',')}"`],
      showErrorMessage: true,
      errorTitle: '岗位',
      error: '请从下拉列表中选择岗位',
    };
  }
  const help = workbook.addWorksheet('填写说明');
  help.getColumn(1).width = 100;
  INSTRUCTIONS.forEach((text) => help.addRow([text]));
  help.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
