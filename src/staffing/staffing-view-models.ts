import { Violation } from './rules/staffing-facts';
import { StaffMember } from './staff-member.entity';
import { STAFF_COLUMNS, StaffColumn } from './staff-register/staff-columns';
import {
  APPROVAL_AUTHORITY_LABELS, ASSIGNMENT_KIND_LABELS, ASSIGNMENT_STATUS_LABELS, COUNTERPART_LABELS, DIRECTION_LABELS, EDUCATION_LABELS, EMPLOYMENT_LABELS,
  MOVE_KIND_LABELS, POSITION_LABELS, POST_TYPE_LABELS, UNIT_KIND_LABELS,
} from './staffing-terms';

/** Plain view-model helpers of the staffing pages (house rule 12: views get plain objects). */

const SEVERITY_LABELS: Record<Violation['severity'], string> = { hard: '不允许', 'needs-reason': '需填写理由', report: '提示' };

/** A violation for the page: the task it cites (任务12 …), the severity in Chinese and the message. */
export function violationView(v: Violation): { rule: string; task: string; severity: string; severityKey: string; message: string } {
  const task = /^TASK_(\d+)_/.exec(v.rule);
  return { rule: v.rule, task: task ? `任务${task[1]}` : '数据校验', severity: SEVERITY_LABELS[v.severity], severityKey: v.severity, message: v.message };
}

/** Select options of a label table; `selected` is the current value. */
export function options(labels: Record<string, string>, selected?: string): { value: string; label: string; selected: boolean }[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label, selected: value === selected }));
}

/** The label tables the forms offer. */
export const LABELS = {
  unitKind: UNIT_KIND_LABELS,
  position: POSITION_LABELS,
  postType: POST_TYPE_LABELS,
  employment: EMPLOYMENT_LABELS,
  education: EDUCATION_LABELS,
  kind: ASSIGNMENT_KIND_LABELS,
  status: ASSIGNMENT_STATUS_LABELS,
  direction: DIRECTION_LABELS,
  counterpartKind: COUNTERPART_LABELS,
  approvalAuthority: APPROVAL_AUTHORITY_LABELS,
  moveKind: MOVE_KIND_LABELS,
};

const BOOLEAN_COLUMNS: StaffColumn[] = ['leadingCadre', 'lawDegree', 'certificateHeld', 'newlyHired'];

/** A register record as form values (enum keys, 是 for true, unit code). */
export function staffFormValues(s: StaffMember): Record<string, string> {
  const values: Record<string, string> = {};
  for (const column of STAFF_COLUMNS) {
    if (column === 'unitCode') continue;
    const value = (s as unknown as Record<string, unknown>)[column];
    values[column] = BOOLEAN_COLUMNS.includes(column) ? (value ? '是' : '') : value == null ? '' : String(value);
  }
  values.unitCode = s.office?.code ?? s.district?.code ?? '';
  return values;
}

/** Submitted form values as strings, to re-render a refused form as typed. */
export function submittedValues(body: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) values[key] = Array.isArray(value) ? value.map(String).join(',') : typeof value === 'string' ? value : String(value ?? '');
  return values;
}

/** One line of the register list. */
export function staffLine(s: StaffMember) {
  const unit =
    s.unitKind === 'office' ? `${s.office?.unitName ?? ''}司法所` : s.unitKind === 'district_bureau' ? `${s.district?.name ?? ''}司法局` : s.unitKind === 'city_bureau' ? '市司法局' : s.unitName ?? '';
  return {
    id: s.id,
    staffNumber: s.staffNumber,
    name: s.name,
    district: s.district?.name ?? '',
    unit,
    unitKind: UNIT_KIND_LABELS[s.unitKind],
    position: POSITION_LABELS[s.position],
    postType: POST_TYPE_LABELS[s.postType],
    employment: EMPLOYMENT_LABELS[s.employment],
    education: EDUCATION_LABELS[s.education],
    certificate: s.certificateHeld ? '有' : '无',
    lawDegree: s.lawDegree ? '是' : '否',
    startDate: s.startDate,
  };
}
