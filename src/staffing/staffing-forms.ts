import { textProblem } from '../common/text-rules';
import { AssignmentInput, AssignmentPatch } from './assignments.service';
import { Approval, Justifications, PostIncrease, PostIncreaseGround, Proposal } from './rules/staffing-facts';
import { STAFF_COLUMN_LABELS, StaffColumn } from './staff-register/staff-columns';
import { parseDate, parseText } from './staff-register/staff-fields';
import { readStaffRecord, StaffRecordInput, UnitCodes } from './staff-register/staff-record';
import {
  ASSIGNMENT_KIND_LABELS, AssignmentKind, COUNTERPART_LABELS, CounterpartKind, DIRECTION_LABELS, MOVE_KIND_LABELS, MoveKind, POSITION_LABELS, RotationDirection,
  StaffPosition,
} from './staffing-terms';
import { FORM_MESSAGES as F } from './staffing-messages';

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
  if (authority !== 'district_bureau' && authority !== 'city_bureau') errors.approvalAuthority = F.approvalAuthority;
  const districtCode = text(body, 'approvalDistrictCode').trim();
  const districtId = authority === 'district_bureau' ? codes.districts.get(districtCode) ?? null : null;
  if (authority === 'district_bureau' && districtId === null) errors.approvalDistrictCode = F.approvalDistrict;
  const numberProblem = number ? textProblem(number, { label: '文号', max: 60 }) : F.approvalNumber;
  if (numberProblem) errors.approvalDocumentNumber = numberProblem;
  const date = parseDate('同意日期', rawDate, true);
  if (!date.ok) errors.approvalDate = date.message;
  return { authority: authority as Approval['authority'], districtId, documentNumber: number, date: date.ok ? date.value! : '' };
}

/** Task 15: the proposing district bureau (6-digit district code) and date (both empty = none); errors keyed by field. */
export function readProposal(body: Body, codes: UnitCodes, errors: Record<string, string>): Proposal | null {
  const code = text(body, 'proposalDistrictCode').trim();
  const rawDate = text(body, 'proposalDate');
  if (!code && !rawDate.trim()) return null;
  const districtId = codes.districts.get(code);
  if (districtId === undefined) errors.proposalDistrictCode = F.proposalDistrict;
  const date = parseDate('建议日期', rawDate, true);
  if (!date.ok) errors.proposalDate = date.message;
  return { districtId: districtId ?? 0, date: date.ok ? date.value! : '' };
}

/** The register form: every field, plus reasons, a task 13 approval and a task 15 proposal. */
export function readStaffForm(body: Body, codes: UnitCodes): FormResult<{ record: StaffRecordInput; justifications: Justifications; approval: Approval | null; proposal: Proposal | null }> {
  const { record, errors: fieldErrors } = readStaffRecord((c: StaffColumn) => text(body, c), codes);
  const errors: Record<string, string> = {};
  for (const e of fieldErrors) errors[e.field] ??= `${STAFF_COLUMN_LABELS[e.field]}：${e.message}`;
  const approval = readApproval(body, codes, errors);
  const proposal = readProposal(body, codes, errors);
  if (!record || Object.keys(errors).length) return { errors };
  return { value: { record, justifications: readJustifications(body), approval, proposal }, errors };
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
  if (!kind) errors.kind = F.kind;
  const number = text(body, 'staffNumber').trim();
  const personId = staffId(number);
  if (personId === undefined) errors.staffNumber = number ? F.staffNumberUnknown(number) : F.staffNumberMissing;
  const officeCodes = list(body, 'officeCodes');
  const officeIds = officeCodes.map((c) => codes.offices.get(c)?.id);
  if (!officeCodes.length) errors.officeCodes = F.office;
  else if (officeIds.some((id) => id === undefined)) errors.officeCodes = F.officeCodesUnknown(officeCodes.filter((c, i) => officeIds[i] === undefined));
  else if (kind !== 'liaison' && officeCodes.length > 1) errors.officeCodes = F.oneOffice;
  const start = parseDate('开始日期', text(body, 'startDate'), true);
  const end = parseDate('结束日期', text(body, 'endDate'), kind === 'placement');
  if (!start.ok) errors.startDate = start.message;
  if (!end.ok) errors.endDate = kind === 'placement' && !text(body, 'endDate').trim() ? F.placementEnd : end.message;
  const status = text(body, 'status') || 'planned';
  if (status !== 'planned' && status !== 'active') errors.status = F.newStatus;
  const rotation = kind === 'rotation';
  const direction = rotation ? oneOf<RotationDirection>(DIRECTION_LABELS, text(body, 'direction')) ?? null : null;
  const counterpartKind = rotation ? oneOf<CounterpartKind>(COUNTERPART_LABELS, text(body, 'counterpartKind')) ?? null : null;
  const counterpartName = parseText('交流单位名称', text(body, 'counterpartName'), 100);
  if (!counterpartName.ok) errors.counterpartName = counterpartName.message;
  const moveKind = direction === 'out' ? oneOf<MoveKind>(MOVE_KIND_LABELS, text(body, 'moveKind') || 'exchange') ?? null : null;
  if (direction === 'out' && !moveKind) errors.moveKind = F.moveKind;
  const incomingPosition = direction === 'in' ? oneOf<StaffPosition>(POSITION_LABELS, text(body, 'incomingPosition')) ?? null : null;
  const successorNumber = text(body, 'successorStaffNumber').trim();
  const successorId = rotation && direction === 'out' && successorNumber ? staffId(successorNumber) ?? null : null;
  if (successorNumber && successorId === null) errors.successorStaffNumber = F.successorUnknown(successorNumber);
  const approval = rotation && direction === 'out' ? readApproval(body, codes, errors) : null;
  const proposal = successorId ? readProposal(body, codes, errors) : null;
  const note = parseText('备注', text(body, 'note'), 500);
  if (!note.ok) errors.note = note.message;
  if (Object.keys(errors).length) return { errors };
  const input: AssignmentInput = {
    kind: kind!, personId: personId!, officeIds: officeIds as number[], direction, moveKind, counterpartKind,
    counterpartName: rotation && counterpartName.ok ? counterpartName.value : null, incomingPosition,
    startDate: start.ok ? start.value! : '', endDate: end.ok ? end.value : null, status: status as 'planned' | 'active',
    approval, successorId, proposal, note: note.ok ? note.value : null,
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
    else errors.status = F.status;
  }
  if (body.startDate !== undefined) {
    const start = parseDate('开始日期', text(body, 'startDate'), true);
    if (start.ok) patch.startDate = start.value!;
    else errors.startDate = start.message;
    const end = parseDate('结束日期', text(body, 'endDate'), false);
    if (end.ok) patch.endDate = end.value;
    else errors.endDate = end.message;
  }
  if (!Object.keys(patch).length && !Object.keys(errors).length) errors.status = F.nothingToChange;
  return Object.keys(errors).length ? { errors } : { value: { patch, justifications: readJustifications(body) }, errors };
}

/** An office's task 12 record: population, area, approved posts and the ground and approval of posts above 4. */
export interface OfficeProfileInput {
  population: number | null;
  areaKm2: number | null;
  approvedPosts: number | null;
  postIncrease: PostIncrease | null;
}

const GROUNDS: PostIncreaseGround[] = ['population', 'area', 'workload'];

/**
 * Population (persons, whole number), area (km², up to 2 decimals), approved posts (1–99) and, for
 * posts above 4, the ground and approval (all empty = none); empty = unknown.
 */
export function readProfileForm(body: Body): FormResult<OfficeProfileInput> {
  const errors: Record<string, string> = {};
  const population = text(body, 'population').trim();
  const area = text(body, 'areaKm2').trim();
  const posts = text(body, 'approvedPosts').trim();
  if (population && !/^\d{1,8}$/.test(population)) errors.population = F.population;
  if (area && !(/^\d{1,5}(\.\d{1,2})?$/.test(area) && Number(area) > 0)) errors.areaKm2 = F.area;
  if (posts && !/^\d{1,2}$/.test(posts)) errors.approvedPosts = F.posts;
  const ground = text(body, 'postIncreaseGround').trim();
  const [by, rawOn, reference, note] = ['postIncreaseApprovedBy', 'postIncreaseApprovedOn', 'postIncreaseReference', 'postIncreaseNote'].map((k) => text(body, k).trim());
  let postIncrease: PostIncrease | null = null;
  if (ground || by || rawOn || reference || note) {
    if (!GROUNDS.includes(ground as PostIncreaseGround)) errors.postIncreaseGround = F.postGround;
    const on = rawOn ? parseDate('批准日期', rawOn, true) : { ok: true as const, value: '' };
    if (!on.ok) errors.postIncreaseApprovedOn = on.message;
    if (by.length > 60) errors.postIncreaseApprovedBy = F.approvedByTooLong;
    if (reference.length > 60) errors.postIncreaseReference = F.documentNumberTooLong;
    postIncrease = { ground: ground as PostIncreaseGround, note: note || null, approvedBy: by, approvedOn: on.ok ? on.value ?? '' : '', reference };
  }
  if (Object.keys(errors).length) return { errors };
  return { value: { population: population ? Number(population) : null, areaKm2: area ? Number(area) : null, approvedPosts: posts ? Number(posts) : null, postIncrease }, errors };
}
