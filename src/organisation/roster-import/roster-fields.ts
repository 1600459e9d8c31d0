import { PERSON_NAME, TextRule, textProblem } from '../../common/text-rules';
import { POST_LABELS, postKindOf } from './roster-columns';
import { PostKind, RosterCodes } from './roster-import.types';

/** A field's normalised value, or the Chinese reason it is invalid (without the line prefix). */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const invalid = <T>(message: string): FieldResult<T> => ({ ok: false, message });

export const NAME_MAX_LENGTH = PERSON_NAME.max;

const ACCEPTED_POSTS = Object.values(POST_LABELS).join('、');

/** Post title (Chinese, short Chinese or English code; either width of parentheses) to PostKind. */
export function parsePostKind(raw: string): FieldResult<PostKind> {
  if (raw.trim() === '') return invalid('岗位不能为空');
  const kind = postKindOf(raw);
  return kind ? ok(kind) : invalid(`岗位“${raw.trim()}”无法识别，应为：${ACCEPTED_POSTS}`);
}

/**
 * Unit code fitting the post: directors belong to a judicial office (9-digit code), the two
 * section heads to a district bureau (6-digit code) — DOMAIN.md, participants of the run.
 * `postKind` is undefined when the post itself was invalid; then only existence is checked.
 */
export function parseUnitCode(raw: string, postKind: PostKind | undefined, codes: RosterCodes): FieldResult<string> {
  const code = raw.normalize('NFKC').replace(/\s+/g, '');
  if (code === '') return invalid('单位代码不能为空');
  const isOffice = codes.officeCodes.has(code);
  const isDistrict = codes.districtCodes.has(code);
  if (!isOffice && !isDistrict) {
    return /^(\d{6}|\d{9})$/.test(code)
      ? invalid(`单位代码 ${code} 不存在`)
      : invalid(`单位代码“${code}”格式不正确，应为 9 位司法所（街道、乡镇）代码或 6 位区代码`);
  }
  if (postKind === 'office_director' && !isOffice) {
    return invalid(`单位代码 ${code} 是区代码，${POST_LABELS.office_director}应填写 9 位司法所（街道、乡镇）代码`);
  }
  if (postKind && postKind !== 'office_director' && !isDistrict) {
    return invalid(`单位代码 ${code} 是司法所代码，${POST_LABELS[postKind]}应填写 6 位区代码`);
  }
  return ok(code);
}

/**
 * Name trimmed with inner spaces (including full-width ones) collapsed; 1–50 characters under the
 * one text rule of the API and forms (text-rules.ts: no line breaks, controls or invisible characters).
 */
export function parseName(raw: string): FieldResult<string> {
  return parseLine(raw, PERSON_NAME, true) as FieldResult<string>;
}

/**
 * One line of text from a file cell or a form field under `rule` (text-rules.ts): ends trimmed,
 * inner runs of spaces collapsed, refused if it holds a line break, control or invisible character
 * inside. Empty is an error when `required`, else null.
 */
export function parseLine(raw: string, rule: TextRule, required: boolean): FieldResult<string | null> {
  const value = raw.trim().replace(/[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g, ' ');
  if (value === '') return required ? invalid(`${rule.label}不能为空`) : ok(null);
  const problem = textProblem(value, rule);
  return problem ? invalid(problem) : ok(value);
}

/**
 * Mainland China mobile number: 11 digits, 1 then 3–9 (the MIIT number plan's mobile segments).
 * Spaces and dashes are ignored and a +86 / 0086 / 86 country prefix is dropped.
 */
export function parseMobile(raw: string): FieldResult<string> {
  const compact = raw.normalize('NFKC').replace(/[\s-]/g, '');
  if (compact === '') return invalid('手机号码不能为空');
  const mobile = compact.replace(/^(\+86|0086|86(?=\d{11}$))/, '');
  return /^1[3-9]\d{9}$/.test(mobile)
    ? ok(mobile)
    : invalid(`手机号码“${raw.trim()}”不是有效的中国大陆手机号码（应为以 13–19 开头的 11 位数字）`);
}

// WHATWG HTML "valid e-mail address", but with at least one dot in the domain: invitations go
// out over the public internet, so a bare host name is a typo.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const EMAIL = new RegExp(`^[a-z0-9.!#$%&'*+/=?^_\`{|}~-]+@${LABEL}(?:\\.${LABEL})+$`, 'i');

/** E-mail address, trimmed, full-width characters folded, domain lower-cased; at most 254 characters. */
export function parseEmail(raw: string): FieldResult<string> {
  const trimmed = raw.normalize('NFKC').trim();
  if (trimmed === '') return invalid('邮箱不能为空');
  if (trimmed.length > 254 || !EMAIL.test(trimmed)) return invalid(`邮箱“${trimmed}”格式不正确`);
  const at = trimmed.lastIndexOf('@');
  return ok(`${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`);
}
