import { StaffUnitKind } from '../staffing-terms';
import type { StaffFacts } from '../rules/staffing-facts';
import { StaffColumn } from './staff-columns';
import {
  FieldResult, parseDate, parseEducation, parseEmail, parseEmployment, parseMobile, parseName, parsePosition, parsePostType, parseStaffNumber,
  parseText, parseUnitKind, parseYesNo,
} from './staff-fields';
import { FORM_MESSAGES as F } from '../staffing-messages';

/**
 * A valid, normalised register record as typed by an organiser (form or file row): the facts the
 * rules read, plus what only the register keeps. Dates: Shanghai 'YYYY-MM-DD'.
 */
export interface StaffRecordInput extends Omit<StaffFacts, 'id'> {
  staffNumber: string;
  certificateNumber: string | null;
  mobile: string | null;
  email: string | null;
}

/** The unit codes known to the organisation: 9-digit office codes and 6-digit district codes. */
export interface UnitCodes {
  offices: Map<string, { id: number; districtId: number }>;
  districts: Map<string, number>;
}

/** A field problem (Chinese, without a line prefix). */
export interface FieldError {
  field: StaffColumn;
  message: string;
}

type Results = { [K in keyof StaffRecordInput]?: FieldResult<StaffRecordInput[K]> };

/**
 * Reads one register record from text cells keyed by column (a form body or a file row): every
 * field parsed, the unit code resolved, and the cross-field rules of the register checked —
 * a director or deputy is 正式在编; a 辅助人员 is 编外辅助; a 政法专项编制 post is held by 正式在编 staff;
 * a certificate holder has its number and date. @returns the record, or every field error.
 */
export function readStaffRecord(cell: (column: StaffColumn) => string, codes: UnitCodes): { record?: StaffRecordInput; errors: FieldError[] } {
  const unitKind = parseUnitKind(cell('unitKind'));
  const certificateHeld = parseYesNo('法律职业资格证书', cell('certificateHeld'));
  const held = certificateHeld.ok && certificateHeld.value;
  const r: Results = {
    staffNumber: parseStaffNumber(cell('staffNumber')),
    name: parseName(cell('name')),
    unitKind,
    unitName: parseText('单位名称', cell('unitName'), 100),
    position: parsePosition(cell('position')),
    leadingCadre: parseYesNo('领导干部', cell('leadingCadre')),
    postType: parsePostType(cell('postType')),
    employment: parseEmployment(cell('employment')),
    education: parseEducation(cell('education')),
    lawDegree: parseYesNo('法学专业学历', cell('lawDegree')),
    certificateHeld,
    certificateNumber: held ? required(parseText('证书编号', cell('certificateNumber'), 40), F.certificateNumberRequired) : { ok: true, value: null },
    certificateDate: held ? parseDate('取得证书日期', cell('certificateDate'), true) : { ok: true, value: null },
    startDate: parseDate('任现职日期', cell('startDate'), true) as FieldResult<string>,
    newlyHired: parseYesNo('新招录', cell('newlyHired')),
    hiredOn: parseDate('录用日期', cell('hiredOn'), false),
    mobile: cell('mobile').trim() ? parseMobile(cell('mobile')) : { ok: true, value: null },
    email: cell('email').trim() ? parseEmail(cell('email')) : { ok: true, value: null },
  };
  const errors: FieldError[] = [];
  const unit = unitKind.ok ? resolveUnit(unitKind.value, cell('unitCode'), codes) : { officeId: null, districtId: null };
  if (unit.error) errors.push({ field: 'unitCode', message: unit.error });
  for (const [field, result] of Object.entries(r) as [StaffColumn, FieldResult<unknown>][]) {
    if (!result.ok) errors.push({ field, message: result.message });
  }
  if (unitKind.ok && (unitKind.value === 'subdistrict_town_gov' || unitKind.value === 'other') && r.unitName?.ok && !r.unitName.value) {
    errors.push({ field: 'unitName', message: F.unitNameRequired });
  }
  errors.push(...crossFieldErrors(r));
  if (errors.length) return { errors };
  const value = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (v as { value: unknown }).value])) as Omit<StaffRecordInput, 'officeId' | 'districtId'>;
  const keepsName = value.unitKind === 'subdistrict_town_gov' || value.unitKind === 'other';
  return { record: { ...value, unitName: keepsName ? value.unitName : null, officeId: unit.officeId, districtId: unit.districtId }, errors };
}

function required(result: FieldResult<string | null>, message: string): FieldResult<string | null> {
  return result.ok && !result.value ? { ok: false, message } : result;
}

function resolveUnit(kind: StaffUnitKind, raw: string, codes: UnitCodes): { officeId: number | null; districtId: number | null; error?: string } {
  const code = raw.normalize('NFKC').replace(/\s+/g, '');
  const none = { officeId: null, districtId: null };
  if (kind === 'city_bureau') return none;
  if (kind === 'office') {
    const office = codes.offices.get(code);
    if (office) return { officeId: office.id, districtId: office.districtId };
    return { ...none, error: code ? F.officeCodeUnknown(code) : F.officeCodeRequired };
  }
  if (!code) return kind === 'district_bureau' ? { ...none, error: F.districtCodeRequired } : none;
  const districtId = codes.districts.get(code) ?? codes.offices.get(code)?.districtId;
  return districtId ? { officeId: null, districtId } : { ...none, error: F.unitCodeUnknown(code) };
}

function crossFieldErrors(r: Results): FieldError[] {
  const errors: FieldError[] = [];
  const v = <K extends keyof StaffRecordInput>(k: K) => (r[k]?.ok ? (r[k] as { value: StaffRecordInput[K] }).value : undefined);
  const position = v('position');
  const employment = v('employment');
  if ((position === 'director' || position === 'deputy_director') && employment === 'auxiliary') {
    errors.push({ field: 'employment', message: F.leaderPermanent });
  }
  if (position === 'auxiliary' && employment === 'permanent') errors.push({ field: 'employment', message: F.auxiliaryEmployment });
  if (v('postType') === 'dedicated' && employment === 'auxiliary') errors.push({ field: 'postType', message: F.dedicatedPermanent });
  return errors;
}
