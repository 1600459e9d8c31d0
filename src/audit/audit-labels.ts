import { STAFF_COLUMN_LABELS } from '../staffing/staff-register/staff-columns';

/**
 * Chinese labels of the audit log (issue 13, item 2): every action code recorded anywhere in
 * src (audit-labels.spec.ts fails when a code has no label), the subject kinds, and the field
 * names of before → after.
 */
export const ACTION_LABELS: Record<string, string> = {
  'account.create': '创建账号',
  'account.deactivate': '停用账号',
  'balancing.apply': '应用容量均衡方案',
  'balancing.restore': '撤回容量均衡方案',
  'invitation.rsvp': '日历邀请回复',
  'outbox.resend': '重新发送邮件',
  'participant.contact': '修改联系方式',
  'participant.handover': '更换岗位人员（交接）',
  'participant.import': '导入名单更新人员',
  'participant.link.reissue': '发送个人报名链接',
  'participant.link.revoke': '撤销个人报名链接',
  'registration.cancel': '取消报名',
  'registration.change': '修改志愿',
  'registration.create': '报名',
  'registration.move': '调整期次',
  'registration.pin': '固定期次',
  'registration.promote': '候补转确认',
  'registration.rebalance': '容量均衡调整期次',
  'run.archive': '归档培训班',
  'run.audience.import': '导入参训名单',
  'run.close': '关闭培训班',
  'run.create': '创建培训班',
  'run.open': '开放报名',
  'run.sessions.plan': '排定期次日期',
  'run.update': '修改培训班',
  'session.cancel': '取消期次',
  'session.plan-shape-departure': '期次安排偏离方案（已确认）',
  'session.schedule.override': '排期冲突强制保存',
  'session.update': '修改期次',
  'staffing.assignment.created': '登记任职变动',
  'staffing.assignment.dates': '修改任职变动日期',
  'staffing.assignment.status': '修改任职变动状态',
  'staffing.assignment.successor': '指定接任所长',
  'staffing.office.profile': '修改司法所概况',
  'staffing.staff.created': '登记工作人员',
  'staffing.staff.imported': '导入工作人员',
  'staffing.staff.updated': '修改工作人员',
  'venue.create': '新增培训地点',
  'venue.update': '修改培训地点',
};

/** What kind of thing an event is about. */
export const SUBJECT_LABELS: Record<string, string> = {
  account: '账号',
  assignment: '任职变动',
  balancing_plan: '均衡方案',
  office: '司法所',
  outbox_message: '邮件',
  participant: '参训人员',
  registration: '报名',
  run: '培训班',
  session: '期次',
  staff: '工作人员',
  venue: '培训地点',
};

/** Field names in before → after. Unknown fields are shown by their code. */
export const FIELD_LABELS: Record<string, string> = {
  ...STAFF_COLUMN_LABELS,
  name: '姓名',
  email: '邮箱',
  mobile: '手机',
  status: '状态',
  sessionId: '期次',
  preferences: '志愿',
  unavailable: '无法参加',
  pinnedSessionId: '固定期次',
  waitlistPosition: '候补位次',
  queuedAt: '候补排队时间',
  title: '名称',
  firstDay: '首日日期',
  dayCount: '天数',
  dailyStart: '每日开始',
  dailyEnd: '每日结束',
  venue: '地点',
  venueId: '培训地点',
  capacity: '容量',
  address: '地址',
  room: '教室',
  active: '启用',
  role: '角色',
  username: '用户名',
  displayName: '显示名称',
  districtId: '区',
  attempts: '发送尝试次数',
  partstat: '回复',
  links: '发送链接数',
  registrationDeadline: '报名截止',
  audienceParticipantIds: '参训名单人数',
  audiencePosts: '参训岗位',
  audienceDistricts: '参训区',
  startDate: '开始日期',
  endDate: '结束日期',
  reasons: '理由',
  moves: '调整人数',
  reason: '理由',
};

/** Values of `status` and other coded fields, in Chinese. */
export const VALUE_LABELS: Record<string, string> = {
  confirmed: '已确认',
  waitlisted: '候补',
  cancelled: '已取消',
  draft: '草稿',
  open: '报名中',
  closed: '已关闭',
  archived: '已归档',
  previewed: '待确认',
  applied: '已应用',
  restored: '已撤回',
  scheduled: '正常',
  pending: '待发送',
  sent: '已发送',
  failed: '发送失败',
  ACCEPTED: '接受',
  DECLINED: '拒绝',
  TENTATIVE: '暂定',
  organiser: '市局组织者',
  coordinator: '区协调员',
  participant: '参训人员',
};

/** The Chinese label of an action code; the code itself when unknown (the spec keeps this rare). */
export function actionLabel(code: string): string {
  return ACTION_LABELS[code] ?? code;
}
