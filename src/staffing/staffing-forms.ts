import { textProblem } from '../common/text-rules';
import { AssignmentInput, AssignmentPatch } from './assignments.service';
import { Approval, Justifications } from './rules/staffing-facts';
import { STAFF_COLUMN_LABELS, StaffColumn } from './staff-register/staff-columns';
import { parseDate, parseText } from './staff-register/staff-fields';
import { readStaffRecord, StaffRecordInput, UnitCodes } from './staff-register/staff-record';
import {
  ASSIGNMENT_KIND_LABELS, AssignmentKind, COUNTERPART_LABELS, CounterpartKind, DIRECTION_LABELS, POSITION_LABELS, RotationDirection, StaffPosition,
} from './staffing-terms';

/** A form (or JSON body) read: the value, or Chinese errors by field name. */
export interface FormResult<T> {
  value?: T;
  errors: Record<string, string>;
}

type Body = Record<string, unknown>;

/** A body value as text: strings as they are, numbers and booleans written out, anything else empty. */
export function text(body: Body, key: string): string {
  const v = body[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** A body value as a list of non-empty strings (repeated form fields, a JSON array, or one comma-separated text). */
export function list(body: Body, key: string): string[] {
  const v = body[key];
  const items = Array.isArray(v) ? v.map(String) : text(body, key).split(/[,，、\s]+/);
  return items.map((s) => s.trim()).filter(Boolean);
}

const oneOf = <K extends string>(labels: Record<K, string>, raw: string): K | undefined => (Object.hasOwn(labels, raw) ? (raw as K) : undefined);

/** Tasks 12 and 21: the reasons a form may carry. */
export function readJustifications(body: Body): Justifications {
  return { headcount: text(body, 'headcountReason').trim() || null, qualification: text(body, 'qualificationJustification').trim() || null };
}

/** Task 13: the approval fields (all empty = none); errors keyed by field. */
export function readApproval(body: Body, codes: UnitCodes, errors: Record<string, string>): Approval | null {
  const authority = text(body, 'approvalAuthority').trim();
  const number = text(body, 'approvalDocumentNumber').trim();
  const rawDate = text(body, 'approvalDate');
  if (!authority && !number && !rawDate.trim()) return null;
  if (authority !== 'district_bureau' && authority !== 'city_bureau') errors.approvalAuthority = '请选择同意机关（区司法局或市司法局）';
  const districtCode = text(body, 'approvalDistrictCode').trim();
  const districtId = authority === 'district_bureau' ? codes.districts.get(districtCode) ?? null : null;
  if (authority === 'district_bureau' && districtId === null) errors.approvalDistrictCode = '请选择同意的区司法局';
  const numberProblem = number ? textProblem(number, { label: '文号', max: 60 }) : '请填写同意文件文号';
  if (numberProblem) errors.approvalDocumentNumber = numberProblem;
  const date = parseDate('同意日期', rawDate, true);
  if (!date.ok) errors.approvalDate = date.message;
  return { authority: authority as Approval['authority'], districtId, documentNumber: number, date: date.ok ? date.value! : '' };
}

/** The register form: every field, plus reasons and a task 13 approval. */
export function readStaffForm(body: Body, codes: UnitCodes): FormResult<{ record: StaffRecordInput; justifications: Justifications; approval: Approval | null }> {
  const { record, errors: fieldErrors } = readStaffRecord((c: StaffColumn) => text(body, c), codes);
  const errors: Record<string, string> = {};
  for (const e of fieldErrors) errors[e.field] ??= `${STAFF_COLUMN_LABELS[e.field]}：${e.message}`;
  const approval = readApproval(body, codes, errors);
  if (!record || Object.keys(errors).length) return { errors };
  return { value: { record, justifications: readJustifications(body), approval }, errors };
}

/** Resolves staff numbers to register ids. */
export type StaffLookup = (staffNumber: string) => number | undefined;

/**
 * The new-assignment form. Offices by 9-digit code (several only for a liaison), people by 人员编号.
 * Kind-specific fields: rotations need a direction and the other unit; rotations in, the position taken.
 */
export function readAssignmentForm(body: Body, codes: UnitCodes, staffId: StaffLookup): FormResult<{ input: AssignmentInput; justifications: Justifications }> {
  const errors: Record<string, string> = {};
  const kind = oneOf<AssignmentKind>(ASSIGNMENT_KIND_LABELS, text(body, 'kind'));
  if (!kind) errors.kind = '请选择类型';
  const number = text(body, 'staffNumber').trim();
  const personId = staffId(number);
  if (personId === undefined) errors.staffNumber = number ? `人员编号 ${number} 不在人员配备登记中` : '请填写人员编号';
  const officeCodes = list(body, 'officeCodes');
  const officeIds = officeCodes.map((c) => codes.offices.get(c)?.id);
  if (!officeCodes.length) errors.officeCodes = '请选择司法所';
  else if (officeIds.some((id) => id === undefined)) errors.officeCodes = `司法所代码 ${officeCodes.filter((c, i) => officeIds[i] === undefined).join('、')} 不存在`;
  else if (kind !== 'liaison' && officeCodes.length > 1) errors.officeCodes = '只有联系司法所可以选择多个司法所';
  const start = parseDate('开始日期', text(body, 'startDate'), true);
  const end = parseDate('结束日期', text(body, 'endDate'), kind === 'placement');
  if (!start.ok) errors.startDate = start.message;
  if (!end.ok) errors.endDate = kind === 'placement' && !text(body, 'endDate').trim() ? '锻炼须填写结束日期' : end.message;
  const status = text(body, 'status') || 'planned';
  if (status !== 'planned' && status !== 'active') errors.status = '新登记的状态应为计划中或进行中';
  const rotation = kind === 'rotation';
  const direction = rotation ? oneOf<RotationDirection>(DIRECTION_LABELS, text(body, 'direction')) ?? null : null;
  const counterpartKind = rotation ? oneOf<CounterpartKind>(COUNTERPART_LABELS, text(body, 'counterpartKind')) ?? null : null;
  const counterpartName = parseText('交流单位名称', text(body, 'counterpartName'), 100);
  if (!counterpartName.ok) errors.counterpartName = counterpartName.message;
  const incomingPosition = direction === 'in' ? oneOf<StaffPosition>(POSITION_LABELS, text(body, 'incomingPosition')) ?? null : null;
  const successorNumber = text(body, 'successorStaffNumber').trim();
  const successorId = rotation && direction === 'out' && successorNumber ? staffId(successorNumber) ?? null : null;
  if (successorNumber && successorId === null) errors.successorStaffNumber = `人员编号 ${successorNumber} 不在人员配备登记中（仅司法所交流出可指定接任所长）`;
  const approval = rotation && direction === 'out' ? readApproval(body, codes, errors) : null;
  const note = parseText('备注', text(body, 'note'), 500);
  if (!note.ok) errors.note = note.message;
  if (Object.keys(errors).length) return { errors };
  const input: AssignmentInput = {
    kind: kind!, personId: personId!, officeIds: officeIds as number[], direction, counterpartKind,
    counterpartName: rotation && counterpartName.ok ? counterpartName.value : null, incomingPosition,
    startDate: start.ok ? start.value! : '', endDate: end.ok ? end.value : null, status: status as 'planned' | 'active',
    approval, successorId, note: note.ok ? note.value : null,
  };
  return { value: { input, justifications: readJustifications(body) }, errors };
}

/** A status or dates change. */
export function readPatchForm(body: Body): FormResult<{ patch: AssignmentPatch; justifications: Justifications }> {
  const errors: Record<string, string> = {};
  const patch: AssignmentPatch = {};
  if (body.status !== undefined) {
    const status = text(body, 'status');
    if (['planned', 'active', 'completed', 'cancelled'].includes(status)) patch.status = status as AssignmentPatch['status'];
    else errors.status = '请选择状态';
  }
  if (body.startDate !== undefined) {
    const start = parseDate('开始日期', text(body, 'startDate'), true);
    if (start.ok) patch.startDate = start.value!;
    else errors.startDate = start.message;
    const end = parseDate('结束日期', text(body, 'endDate'), false);
    if (end.ok) patch.endDate = end.value;
    else errors.endDate = end.message;
  }
  if (!Object.keys(patch).length && !Object.keys(errors).length) errors.status = '没有要修改的内容';
  return Object.keys(errors).length ? { errors } : { value: { patch, justifications: readJustifications(body) }, errors };
}

/** Population (persons, whole number) and area (km², up to 2 decimals); empty = unknown. */
export function readProfileForm(body: Body): FormResult<{ population: number | null; areaKm2: number | null }> {
  const errors: Record<string, string> = {};
  const population = text(body, 'population').trim();
  const area = text(body, 'areaKm2').trim();
  if (population && !/^\d{1,8}$/.test(population)) errors.population = '常住人口应为整数（人）';
  if (area && !(/^\d{1,5}(\.\d{1,2})?$/.test(area) && Number(area) > 0)) errors.areaKm2 = '面积应为正数（平方公里，最多两位小数）';
  if (Object.keys(errors).length) return { errors };
  return { value: { population: population ? Number(population) : null, areaKm2: area ? Number(area) : null }, errors };
}
