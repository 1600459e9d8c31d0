/**
 * The vocabulary of the staff register and its assignments (issue #5), with the Chinese labels
 * organisers see. Plain constants: shared by the entities, the pure rules and the pages.
 */

/** The plan 沪司发〔2021〕11号 was issued on this day; "new" hires and appointments date from it (tasks 17, 18). */
export const PLAN_ISSUED_ON = '2021-02-09';

/** The dates a deployment does not set: both the plan's issue date (src/config may override them). */
export const DEFAULT_POLICY = { effectiveDate: PLAN_ISSUED_ON, certificateWindowStart: PLAN_ISSUED_ON } as const;

/** Task 12: an office has at least this many establishment posts (人员编制不少于 4 名). */
export const MIN_OFFICE_HEADCOUNT = 4;

/** Where a person works: a judicial office, a district or the city bureau, or (for rotations) another unit by name. */
export type StaffUnitKind = 'office' | 'district_bureau' | 'city_bureau' | 'subdistrict_town_gov' | 'other';
export const UNIT_KIND_LABELS: Record<StaffUnitKind, string> = {
  office: '司法所',
  district_bureau: '区司法局（机关）',
  city_bureau: '市司法局（机关）',
  subdistrict_town_gov: '街道乡镇',
  other: '其他单位',
};

/** Position at the unit (task 15: 所长, 副所长; plus staff and auxiliaries, task 14). */
export type StaffPosition = 'director' | 'deputy_director' | 'staff' | 'auxiliary';
export const POSITION_LABELS: Record<StaffPosition, string> = {
  director: '所长',
  deputy_director: '副所长',
  staff: '工作人员',
  auxiliary: '辅助人员',
};
export const LEADING_POSITIONS: readonly StaffPosition[] = ['director', 'deputy_director'];

/** Post type (task 13: 政法专项编制 is protected). */
export type PostType = 'dedicated' | 'other';
export const POST_TYPE_LABELS: Record<PostType, string> = { dedicated: '政法专项编制', other: '其他' };

/** Employment: in establishment (正式在编) or auxiliary (辅助人员, outside the establishment). */
export type Employment = 'permanent' | 'auxiliary';
export const EMPLOYMENT_LABELS: Record<Employment, string> = { permanent: '正式在编', auxiliary: '编外辅助' };

/** Highest education, ranked; task 17 requires at least a bachelor's degree (大学本科以上). */
export type Education = 'doctorate' | 'master' | 'bachelor' | 'associate' | 'technical_secondary' | 'high_school_or_below';
export const EDUCATION_LABELS: Record<Education, string> = {
  doctorate: '博士研究生',
  master: '硕士研究生',
  bachelor: '大学本科',
  associate: '大学专科',
  technical_secondary: '中专',
  high_school_or_below: '高中及以下',
};
export const EDUCATION_RANK: Record<Education, number> = { doctorate: 5, master: 4, bachelor: 3, associate: 2, technical_secondary: 1, high_school_or_below: 1 };

/** Task 12's three grounds for more posts, as the text words them. */
export const POST_INCREASE_GROUND_LABELS = { population: '常住人口', area: '面积', workload: '人员配备与承担工作任务差距较大' } as const;

/** Placement and liaison (task 19), rotation (task 21), grassroots contact point (task 27). */
export type AssignmentKind = 'placement' | 'liaison' | 'rotation' | 'contact_point';
export const ASSIGNMENT_KIND_LABELS: Record<AssignmentKind, string> = {
  placement: '到司法所锻炼',
  liaison: '联系司法所',
  rotation: '交流任职',
  contact_point: '基层工作联系点',
};
export const ASSIGNMENT_KIND_TASKS: Record<AssignmentKind, number> = { placement: 19, liaison: 19, rotation: 21, contact_point: 27 };

export type AssignmentStatus = 'planned' | 'active' | 'completed' | 'cancelled';
export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  planned: '计划中',
  active: '进行中',
  completed: '已结束',
  cancelled: '已取消',
};
/** Allowed status changes; completed and cancelled are final. */
export const STATUS_TRANSITIONS: Record<AssignmentStatus, readonly AssignmentStatus[]> = {
  planned: ['active', 'completed', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** Rotation direction seen from the judicial office: out of it, or into it (task 21). */
export type RotationDirection = 'out' | 'in';
export const DIRECTION_LABELS: Record<RotationDirection, string> = { out: '由司法所交流至其他单位任职', in: '交流到司法所任职' };

/** Task 13: the three kinds of move out of an office the plan names (交流、借调、借用). */
export type MoveKind = 'exchange' | 'secondment' | 'loan';
export const MOVE_KIND_LABELS: Record<MoveKind, string> = { exchange: '交流', secondment: '借调', loan: '借用' };

/** The other end of a rotation (task 21: 区局机关、街道乡镇及其他单位). */
export type CounterpartKind = 'district_bureau_organ' | 'subdistrict_town_gov' | 'other';
export const COUNTERPART_LABELS: Record<CounterpartKind, string> = {
  district_bureau_organ: '区局机关',
  subdistrict_town_gov: '街道乡镇',
  other: '其他单位',
};

/** Who consented to moving a dedicated-post person (task 13: 区级以上司法行政机关). */
export type ApprovalAuthority = 'district_bureau' | 'city_bureau';
export const APPROVAL_AUTHORITY_LABELS: Record<ApprovalAuthority, string> = { district_bureau: '区司法局', city_bureau: '市司法局' };

/** Reverse lookup of a label table: the key whose label is `label`, or undefined. */
export function keyOfLabel<K extends string>(labels: Record<K, string>, label: string): K | undefined {
  return (Object.keys(labels) as K[]).find((key) => labels[key] === label || key === label);
}
