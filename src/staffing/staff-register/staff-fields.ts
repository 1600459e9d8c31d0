import { FieldResult, parseEmail, parseLine, parseMobile, parseName } from '../../organisation/roster-import/roster-fields';
import { normaliseLabel } from '../../organisation/roster-import/roster-columns';
import { isIsoDate } from '../rules/date-ranges';
import {
  Education, EDUCATION_LABELS, Employment, EMPLOYMENT_LABELS, POSITION_LABELS, POST_TYPE_LABELS, PostType, StaffPosition, StaffUnitKind, UNIT_KIND_LABELS,
} from '../staffing-terms';
import { FORM_MESSAGES as F } from '../staffing-messages';

export type { FieldResult } from '../../organisation/roster-import/roster-fields';
export { parseEmail, parseMobile, parseName };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const invalid = <T>(message: string): FieldResult<T> => ({ ok: false, message });

/** Builds a parser of one of a closed set of values: key, Chinese label or an alias (NFKC, case-insensitive). */
function choice<K extends string>(what: string, labels: Record<K, string>, aliases: Record<string, K> = {}) {
  const table = new Map<string, K>();
  for (const key of Object.keys(labels) as K[]) {
    table.set(normaliseLabel(key), key);
    table.set(normaliseLabel(labels[key]), key);
  }
  for (const [alias, key] of Object.entries(aliases)) table.set(normaliseLabel(alias), key);
  const accepted = Object.values<string>(labels).join('、');
  return (raw: string): FieldResult<K> => {
    if (raw.trim() === '') return invalid(F.empty(what));
    const key = table.get(normaliseLabel(raw));
    return key ? ok(key) : invalid(F.notRecognised(what, raw.trim(), accepted));
  };
}

/** Parsers of the closed-choice columns (key, Chinese label or a common alias). */
export const parseUnitKind = choice<StaffUnitKind>('单位类型', UNIT_KIND_LABELS, {
  区司法局: 'district_bureau', 区局: 'district_bureau', 区局机关: 'district_bureau', 市司法局: 'city_bureau', 市局: 'city_bureau', 街道: 'subdistrict_town_gov', 乡镇: 'subdistrict_town_gov', 街道办事处: 'subdistrict_town_gov',
});
export const parsePosition = choice<StaffPosition>('职务', POSITION_LABELS, { 司法所所长: 'director', 司法所副所长: 'deputy_director', 科员: 'staff', 辅助: 'auxiliary' });
export const parsePostType = choice<PostType>('编制类型', POST_TYPE_LABELS, { 政法专编: 'dedicated', 专项编制: 'dedicated', 其他编制: 'other', 无: 'other' });
export const parseEmployment = choice<Employment>('用工性质', EMPLOYMENT_LABELS, { 在编: 'permanent', 正式: 'permanent', 辅助人员: 'auxiliary', 编外: 'auxiliary' });
export const parseEducation = choice<Education>('学历', EDUCATION_LABELS, {
  博士: 'doctorate', 硕士: 'master', 研究生: 'master', 本科: 'bachelor', 学士: 'bachelor', 专科: 'associate', 大专: 'associate', 高职: 'associate', 高中: 'high_school_or_below', 中等专业学校: 'technical_secondary', 中职: 'technical_secondary', 初中: 'high_school_or_below',
});

const YES = new Set(['是', 'y', 'yes', 'true', '1', 'on', '有', '持有']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '无', '']);

/** 是/否 (also yes/no, true/false, 1/0, a checked checkbox "on"); empty is 否. */
export function parseYesNo(what: string, raw: string): FieldResult<boolean> {
  const value = normaliseLabel(raw);
  if (YES.has(value)) return ok(true);
  if (NO.has(value)) return ok(false);
  return invalid(F.yesNo(what, raw.trim()));
}

/** A Shanghai calendar date 'YYYY-MM-DD' (also 2021/4/1 or 2021年4月1日); empty allowed unless `required`. */
export function parseDate(what: string, raw: string, required: boolean): FieldResult<string | null> {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return required ? invalid(F.empty(what)) : ok(null);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  const date = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : text;
  return isIsoDate(date) ? ok(date) : invalid(F.badDate(what, text));
}

/** The organisers' own person number: 1–32 letters, digits, '-' or '_'. */
export function parseStaffNumber(raw: string): FieldResult<string> {
  const value = raw.normalize('NFKC').trim();
  if (value === '') return invalid(F.staffNumberEmpty);
  return /^[A-Za-z0-9_-]{1,32}$/.test(value) ? ok(value) : invalid(F.staffNumberFormat(value));
}

/**
 * Optional free text up to `max` characters, null when empty. Line breaks and tabs (a multi-line
 * note, a cell with Alt+Enter) fold into one space; any other character the text rule refuses
 * (NUL, U+0085, bidi controls, zero-width) is an error, whichever way the text came in.
 */
export function parseText(what: string, raw: string, max: number): FieldResult<string | null> {
  return parseLine(raw.replace(/[\t\r\n]+/g, ' '), { label: what, max }, false);
}
