import { PostKind, RosterColumn } from './roster-import.types';

/** Columns in template order, with the Chinese header the template writes. */
export const ROSTER_COLUMN_LABELS: Record<RosterColumn, string> = {
  unitCode: '单位代码',
  postKind: '岗位',
  name: '姓名',
  mobile: '手机',
  email: '邮箱',
};

export const ROSTER_COLUMNS = Object.keys(ROSTER_COLUMN_LABELS) as RosterColumn[];

/** Accepted headers, already normalised by normaliseLabel. */
const HEADER_ALIASES: Record<string, RosterColumn> = {
  单位代码: 'unitCode',
  unit_code: 'unitCode',
  岗位: 'postKind',
  post: 'postKind',
  姓名: 'name',
  name: 'name',
  手机: 'mobile',
  手机号: 'mobile',
  手机号码: 'mobile',
  mobile: 'mobile',
  邮箱: 'email',
  电子邮箱: 'email',
  email: 'email',
  e_mail: 'email',
};

/** The official post titles of the plan (沪司发〔2021〕11号), as the template offers them. */
export const POST_LABELS: Record<PostKind, string> = {
  office_director: '司法所所长',
  promotion_section_head: '促进法治科（处）负责人',
  secretariat_section_head: '依法治区秘书科（处）负责人',
};

/** Accepted post values, already normalised by normaliseLabel (so parentheses are half-width). */
const POST_ALIASES: Record<string, PostKind> = {
  司法所所长: 'office_director',
  所长: 'office_director',
  office_director: 'office_director',
  '促进法治科(处)负责人': 'promotion_section_head',
  促进法治科负责人: 'promotion_section_head',
  promotion_section_head: 'promotion_section_head',
  '依法治区秘书科(处)负责人': 'secretariat_section_head',
  秘书科负责人: 'secretariat_section_head',
  secretariat_section_head: 'secretariat_section_head',
};

/**
 * Canonical form of a header or post value: NFKC (full-width letters, digits and parentheses become
 * half-width), no whitespace, no "*" required-marks, lower case, "-" and spaces between English
 * words read as "_" (so "Unit Code" and "unit-code" match unit_code).
 */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/\*/g, '')
    .replace(/(?<=[a-z])[\s-]+(?=[a-z])/gi, '_')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** The column a header cell names, or undefined when it is not one we know. */
export function columnOfHeader(header: string): RosterColumn | undefined {
  return lookUp(HEADER_ALIASES, normaliseLabel(header));
}

/** The post a cell names (Chinese title, short title or English code), or undefined. */
export function postKindOf(value: string): PostKind | undefined {
  return lookUp(POST_ALIASES, normaliseLabel(value));
}

// Own keys only: a cell reading "constructor" must not find Object.prototype members.
function lookUp<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
