import { DateRange, formatDate, formatRange } from './rules/date-ranges';

/**
 * Every Chinese message of the staffing rules, in one place so that one reader can check them
 * all (issue 14, item 8). House style of these texts: the plan's own wording quoted whole; one
 * date style (2021年4月1日); no spaces around Arabic numerals; 15万人, not 150000 人; a headcount
 * (在编在岗人数) is never called 编制; one message per problem.
 */

const d = formatDate;

/** 150000 → 15万; 152345 → 15.2345万; under 10,000 as is (persons). */
export function wan(n: number): string {
  return n >= 10_000 ? `${Number((n / 10_000).toFixed(4))}万` : String(n);
}

/** The plan's sentences the messages quote (附件《具体任务分工》). */
export const PLAN = {
  task12Minimum: '司法所人员编制不少于4名',
  task13: '未经区级以上司法行政机关同意，不得交流、借调、借用司法所政法专项编制人员',
  task13NoEncroach: '不得挤占、挪用司法所政法专项编制',
  task15: '司法所实行所长负责制，设所长1人，根据工作需要可设副所长',
  task15Proposal: '司法所所长、副所长和正式在编人员的人事任免、调动由区司法局提出建议',
  task17: '新招录的司法所正式在编工作人员应具备大学本科以上文化程度',
  task18Window: '各区局应当在2年内为辖区内每个司法所至少配备1名具备法律职业资格证书的工作人员',
  task18NewLeader: '新提任司法所所长、副所长应当具备法律职业资格证书',
  task21: '交流到司法所的干部原则上应具备履行岗位职责必备的法律专业知识和业务工作能力',
} as const;

/** Messages by rule. Arguments are names and labels already in Chinese, dates 'YYYY-MM-DD'. */
export const STAFFING_MESSAGES = {
  /** A refused change (HTTP 422). */
  refused: (n: number) => `该变更不符合${n}项规定，未保存。`,
  /** A refused import (HTTP 422). */
  importRefused: (n: number) => `文件共有${n}处错误，未导入任何数据。请修改后重新上传。`,

  datesInvalid: (kind: string) => `${kind}的日期无效，应为有效日期（如2021年4月1日）。`,
  endBeforeStart: (kind: string, r: DateRange) => `${kind}的结束日期（${d(r.endDate!)}）早于开始日期（${d(r.startDate)}）。`,
  overlap: (name: string, kind: string, range: DateRange, otherKind: string, otherOffice: string, otherRange: DateRange, moves: boolean) =>
    `${name}的${kind}（${formatRange(range)}）与${otherKind}（${otherOffice}，${formatRange(otherRange)}）日期重叠：${moves ? '同一人员同一时间只能有一项锻炼或交流任职' : '同一联系关系不能重复登记'}。`,
  unknownOffice: (id: number) => `司法所（编号${id}）不存在。`,
  unknownPerson: (id: number) => `人员（编号${id}）不在人员配备登记中。`,
  unknownApprovalDistrict: '同意机关所在区不存在。',
  statusTransition: (from: string, to: string) => `状态不能由“${from}”改为“${to}”。`,

  task12Below: (office: string, posts: number, day: string, was: number, will: number) =>
    `任务12：${office}编制${posts}名，在编在岗人数将自${d(day)}起由${was}名降至${will}名，少于编制数；如确需调整，请填写理由。`,
  task12MinPosts: (office: string, posts: number) => `任务12：${PLAN.task12Minimum}。${office}的编制数不能登记为${posts}名。`,
  task12IncreaseNoGround: (office: string, posts: number) =>
    `任务12：${office}编制${posts}名，超过4名的，应写明增加编制的依据（常住人口、面积，或人员配备与承担工作任务差距较大）。`,
  task12GroundNotMet: (office: string, what: string, standard: string, recorded: string) =>
    `任务12：${office}${recorded}，未达到${standard}的标准，不能以${what}为依据增加编制。`,
  task12WorkloadNote: (office: string) => `任务12：${office}以“人员配备与承担工作任务差距较大”为依据增加编制的，请写明差距情况。`,
  task12NoApproval: (office: string, missing: string[]) => `任务12：增加编制由所属区司法局按程序报批。${office}请录入${missing.join('、')}。`,
  task12ApprovalFuture: (office: string, on: string) => `任务12：${office}增加编制的批准日期${d(on)}在今天之后，请核对。`,
  task12ReasonOfficeAmbiguous: '导入文件涉及多个司法所：请选择理由所针对的司法所（理由只适用于一个司法所）。',
  task12Population: (unit: string, population: number, threshold: number) => `常住人口${wan(population)}人，达到${unit}常住人口${wan(threshold)}以上的标准`,
  task12Area: (unit: string, area: number, threshold: number) => `面积${area}平方公里，达到${unit}面积${threshold}平方公里以上的标准`,
  task12Entitled: (office: string, reasons: string[]) => `任务12：${office}${reasons.join('；')}，可由所属区司法局按程序报批后适当增加编制。`,

  task13Move: (moveKind: string, name: string, office: string, problems: string[]) =>
    `任务13：${PLAN.task13}。${name}为${office}政法专项编制人员，本次${moveKind}：${problems.join('；')}。`,
  task13RegisterMove: (name: string, office: string, problems: string[]) =>
    `任务13：${PLAN.task13}。${name}为${office}政法专项编制人员，在登记中调离该所视同交流、借调或借用：${problems.join('；')}。`,
  task13Retype: (name: string, office: string, problems: string[]) =>
    `任务13：${PLAN.task13NoEncroach}。将${name}（${office}）的编制类型由政法专项编制改为其他，须经区级以上司法行政机关同意：${problems.join('；')}。`,
  task13Outside: (name: string, unit: string) =>
    `任务13：司法所使用的政法专项编制应实行单列，专编专用。${name}所在单位为${unit}，编制类型不能登记为政法专项编制；调离司法所的，请同时改为其他编制类型。`,
  approvalMissing: '未录入区级以上司法行政机关的同意文件',
  approvalNoNumber: '缺少同意文件文号',
  approvalNoDate: '缺少同意日期或日期无效',
  approvalLate: (approved: string, when: string, moveDate: string) => `同意日期（${d(approved)}）晚于${when}（${d(moveDate)}），应事先取得同意`,
  approvalWrongDistrict: (district: string) => `同意机关应为该所所在区的司法局或市司法局，而非${district}司法局`,
  approvalAuthority: '同意机关应为区司法局或市司法局',

  task15SecondDirector: (office: string, day: string, names: string[]) =>
    `任务15：${PLAN.task15}。${office}自${d(day)}起将有${names.length}名所长（${names.join('、')}），请先免去原所长或改任副所长。`,
  task15ProposalMissing: (name: string, what: string) => `任务15：${PLAN.task15Proposal}。${name}${what}，请填写提出建议的区司法局和建议日期。`,
  task15ProposalWrongDistrict: (name: string, what: string, district: string, named: string) =>
    `任务15：${name}${what}，应由${district}司法局提出建议，而非${named}司法局。`,
  task15Appointed: (office: string, position: string) => `任${office}${position}`,
  task15Moved: (office: string) => `调离${office}`,
  task15LeavesEstablishment: (office: string) => `不再为${office}正式在编人员`,

  task17Education: (name: string, office: string, hiredOn: string | null, education: string) =>
    `任务17：${PLAN.task17}。${name}（${office}${hiredOn ? `，${d(hiredOn)}录用` : '，新招录'}）学历为${education}。`,
  task17HireDateMissing: (name: string, office: string, start: string, cutoff: string) =>
    `任务17：${name}自${d(start)}起为${office}正式在编人员，请填写录用日期：${d(cutoff)}起录用的为新招录人员，应具备大学本科以上文化程度。`,
  task17FlagButEarly: (name: string, hiredOn: string, cutoff: string) => `任务17：${name}标记为新招录，但录用日期${d(hiredOn)}早于${d(cutoff)}（新招录自该日起计），请核对。`,
  task17LateButNotFlagged: (name: string, hiredOn: string, cutoff: string) => `任务17：${name}录用日期为${d(hiredOn)}，按${d(cutoff)}起录用的为新招录人员，但未标记为新招录，请核对。`,
  task17HiredAfterStart: (name: string, hiredOn: string, start: string) => `任务17：${name}的录用日期${d(hiredOn)}晚于任现职日期${d(start)}，请核对。`,
  task17FlagButStartedEarly: (name: string, start: string, cutoff: string) => `任务17：${name}标记为新招录，但自${d(start)}起已任现职，早于${d(cutoff)}，请核对并填写录用日期。`,

  task18NewLeader: (name: string, office: string, position: string, start: string, how: string, problem: string) =>
    `任务18：${PLAN.task18NewLeader}。${name}自${d(start)}起任${office}${position}（${how}），${problem}。`,
  task18NoCertificate: '未登记法律职业资格证书',
  task18CertificateAfter: (certificateDate: string) => `取得证书日期${d(certificateDate)}晚于任职日期，任职时不具备该证书`,
  task18CertificateFuture: (certificateDate: string) => `取得证书日期${d(certificateDate)}在今天之后，不能视为已具备`,
  task18HowPromoted: (from: string) => `由${from}提任`,
  task18HowFromOutside: '由司法所以外调入任职',
  task18HowRotatedIn: '交流到司法所任职',
  task18HowDateEdited: (from: string, to: string) => `任现职日期由${d(from)}改为${d(to)}，仍按提任审查`,
  task18Window: (start: string, deadline: string) => `自${d(start)}起2年内，即至${d(deadline)}`,
  task18Missing: (offices: string[], start: string, deadline: string) =>
    `任务18：${PLAN.task18Window}（${STAFFING_MESSAGES.task18Window(start, deadline)}）。${offices.join('、')}尚无具备法律职业资格证书的正式在编人员。`,
  task18Overdue: (offices: string[], deadline: string) => `任务18：${offices.join('、')}至今无具备法律职业资格证书的正式在编人员，已超过${d(deadline)}的配备期限。`,

  task19Placement: (name: string) => `任务19：${name}不是新录用的市、区局机关干部，不能登记到司法所锻炼。`,
  task19Liaison: (name: string) => `任务19：${name}不是市、区局机关干部，不能登记为联系司法所干部。`,
  task27ContactPoint: (name: string) => `任务27：${name}不是市、区局领导干部，不能登记基层工作联系点。`,

  task21Units: (problems: string[]) => `任务21：${problems.join('；')}。`,
  task21NoDirection: '请选择交流方向',
  task21NoCounterpart: '请填写交流单位（区局机关、街道乡镇或其他单位）及名称',
  task21NotOwnStaff: (name: string, office: string) => `${name}不是${office}人员，不能由该所交流至其他单位任职`,
  task21OwnStaffIn: (name: string) => `${name}是司法所人员；交流到司法所的应为区局机关、街道乡镇或其他单位干部`,
  task21NoPosition: '请填写交流到司法所后担任的职务',
  task21Qualification: (name: string, office: string) =>
    `任务21：${PLAN.task21}。${name}交流到${office}，既未取得法律职业资格证书，也不具有法学专业学历，请填写说明。`,
};

/**
 * Messages of the staffing forms, files and API (field problems, header problems, hand-over notes).
 * Field names (`what`) are the Chinese column or field labels.
 */
export const FORM_MESSAGES = {
  empty: (what: string) => `${what}不能为空`,
  notRecognised: (what: string, raw: string, accepted: string) => `${what}“${raw}”无法识别，应为：${accepted}`,
  yesNo: (what: string, raw: string) => `${what}“${raw}”应填写“是”或“否”`,
  badDate: (what: string, raw: string) => `${what}“${raw}”不是有效日期，应如2021-04-01或2021年4月1日`,
  staffNumberEmpty: '人员编号不能为空',
  staffNumberFormat: (value: string) => `人员编号“${value}”格式不正确，应为1–32位字母、数字、“-”或“_”`,
  tooLong: (what: string, max: number) => `${what}超过${max}个字符`,
  unitNameRequired: '街道乡镇或其他单位须填写单位名称',
  officeCodeUnknown: (code: string) => `单位代码${code}不是本市司法所（街道、乡镇）的9位代码`,
  officeCodeRequired: '司法所人员须填写所在街道、乡镇的9位代码',
  districtCodeRequired: '区司法局人员须填写6位区代码',
  unitCodeUnknown: (code: string) => `单位代码${code}不存在（区司法局填写6位区代码）`,
  certificateNumberRequired: '持有法律职业资格证书的，请填写证书编号',
  leaderPermanent: '所长、副所长应为正式在编人员',
  auxiliaryEmployment: '辅助人员的用工性质应为编外辅助',
  dedicatedPermanent: '政法专项编制只能由正式在编人员占用',
  line: (line: number) => `第${line}行：`,
  lines: (lines: number[]) => `第${lines.join('、')}行：`,
  headerUnknown: (columns: string) => `无法识别的列${columns}`,
  headerRepeated: (columns: string) => `重复的列${columns}`,
  headerMissing: (columns: string) => `缺少必填列${columns}`,
  headerWrong: (problems: string[], expected: string) => `表头有误（${problems.join('；')}）。表头应为：${expected}`,
  duplicateNumber: (number: string, first: number) => `人员编号${number}与第${first}行重复`,
  duplicateEmail: (email: string, first: number) => `邮箱${email}与第${first}行重复`,
  staffNumberTaken: (number: string, name: string) => `人员编号${number}已由${name}使用。`,
  staffNumberUnknown: (number: string) => `人员编号${number}不在人员配备登记中`,
  staffNumberMissing: '请填写人员编号',
  importHintApproval: '（请在人员编辑页面录入同意文件后再调整）',
  importHintProposal: '（请在导入页面填写该所的建议单位和日期，或在人员编辑页面办理）',
  reasonOfficeUnknown: (code: string) => `理由所针对的司法所代码${code}不存在`,
  noFile: '请选择要上传的CSV或Excel文件。',
  approvalAuthority: '请选择同意机关（区司法局或市司法局）',
  approvalDistrict: '请选择同意的区司法局',
  approvalNumber: '请填写同意文件文号',
  documentNumberTooLong: '文号不超过60个字符',
  proposalDistrict: '请选择提出建议的区司法局',
  kind: '请选择类型',
  office: '请选择司法所',
  officeCodesUnknown: (codes: string[]) => `司法所代码${codes.join('、')}不存在`,
  oneOffice: '只有联系司法所可以选择多个司法所',
  placementEnd: '锻炼须填写结束日期',
  newStatus: '新登记的状态应为计划中或进行中',
  moveKind: '请选择交流、借调或借用',
  successorUnknown: (number: string) => `人员编号${number}不在人员配备登记中（仅所长由司法所交流至其他单位任职时可指定接任所长）`,
  successorMissing: '请填写接任所长的人员编号',
  successorOnlyRotationOut: '只有“由司法所交流至其他单位任职”的记录可以指定接任所长。',
  status: '请选择状态',
  nothingToChange: '没有要修改的内容',
  population: '常住人口应为整数（人）',
  area: '面积应为正数（平方公里，最多两位小数）',
  posts: '编制数应为整数（名）',
  postGround: '请选择增加编制的依据',
  approvedByTooLong: '批准机关不超过60个字符',
  requestInvalid: '请求内容有误，请按字段说明修正。',
  fieldNotAllowed: (key: string) => `不允许的字段“${key}”`,
  fixMarked: '请修正标红的项目后再保存。',
  successorNotInRegister: (id: number) => `接任所长（编号${id}）不在人员配备登记中。`,
  successorIsOutgoing: '接任所长不能是交流至其他单位任职的所长本人。',
  successorContact: (name: string) => `接任所长${name}须在人员配备登记中填写手机和邮箱，才能接替参加所长培训。`,
};

/** Notes of a training hand-over (issue 5; issue 14 item 6), shown on the staffing pages. */
export const HANDOVER_MESSAGES = {
  noPost: '该所所长岗位不存在',
  awaitingSuccessor: '尚未登记接任所长，请在交流记录中指定接任人员。',
  successorContact: (name: string) => `接任所长${name}须在人员配备登记中填写手机和邮箱，填写后请重试`,
  holderReplaced: (name: string) => `${name}已成为该所所长岗位的参训人员，原个人报名链接已失效`,
  keeps: (name: string, session: string) => `${name}将于离任前参加${session}，报名保留，无需交接。`,
  cancelled: (name: string, session: string) => `已取消原所长${name}的报名（${session}），取消通知已进入发送队列`,
  notRegistered: (name: string) => `原所长${name}尚未报名`,
  runDraft: '培训班尚未开放报名，开放时将向接任所长发送个人报名链接',
  closed: '报名已截止，未发送报名链接；如需参训，请在参训人员页面代为报名',
  linkSent: '已向接任所长发送个人报名链接',
  notice: (outcome: string | null, error: string | null) => `所长培训交接：${outcome ?? ''}${error ? `（${error}）` : ''}`,
};
