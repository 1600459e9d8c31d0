import { normaliseLabel } from '../../organisation/roster-import/roster-columns';

/** Columns of the staff register file (import and export), in template order. */
export const STAFF_COLUMN_LABELS = {
  staffNumber: '人员编号',
  name: '姓名',
  unitKind: '单位类型',
  unitCode: '单位代码',
  unitName: '单位名称',
  position: '职务',
  leadingCadre: '领导干部',
  postType: '编制类型',
  employment: '用工性质',
  education: '学历',
  lawDegree: '法学专业学历',
  certificateHeld: '法律职业资格证书',
  certificateNumber: '证书编号',
  certificateDate: '取得证书日期',
  startDate: '任现职日期',
  newlyHired: '新招录',
  hiredOn: '录用日期',
  mobile: '手机',
  email: '邮箱',
} as const;

/** A column key. */
export type StaffColumn = keyof typeof STAFF_COLUMN_LABELS;
/** Column keys in template order. */
export const STAFF_COLUMNS = Object.keys(STAFF_COLUMN_LABELS) as StaffColumn[];

/** Columns a file must have; the others may be left out (read as empty). */
export const REQUIRED_STAFF_COLUMNS: StaffColumn[] = [
  'staffNumber', 'name', 'unitKind', 'unitCode', 'position', 'postType', 'employment', 'education', 'certificateHeld', 'startDate',
];

const EXTRA_ALIASES: Record<string, StaffColumn> = {
  编号: 'staffNumber',
  工号: 'staffNumber',
  职位: 'position',
  岗位类型: 'postType',
  编制: 'postType',
  用工类型: 'employment',
  最高学历: 'education',
  法学学历: 'lawDegree',
  法学专业: 'lawDegree',
  是否法学专业: 'lawDegree',
  是否持有法律职业资格证书: 'certificateHeld',
  持证: 'certificateHeld',
  证书取得日期: 'certificateDate',
  任职日期: 'startDate',
  到岗日期: 'startDate',
  是否新招录: 'newlyHired',
  是否领导干部: 'leadingCadre',
  手机号: 'mobile',
  手机号码: 'mobile',
  电子邮箱: 'email',
};

const ALIASES = new Map<string, StaffColumn>([
  ...STAFF_COLUMNS.flatMap((c) => [[normaliseLabel(STAFF_COLUMN_LABELS[c]), c], [normaliseLabel(c), c]] as [string, StaffColumn][]),
  ...Object.entries(EXTRA_ALIASES).map(([label, c]) => [normaliseLabel(label), c] as [string, StaffColumn]),
]);

/** The column a header cell names (Chinese label, alias or English key), or undefined. */
export function staffColumnOf(header: string): StaffColumn | undefined {
  return ALIASES.get(normaliseLabel(header));
}
