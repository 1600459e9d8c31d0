import { covers, DateRange, formatRange, overlaps } from '../rules/date-ranges';
import { STAFFING_MESSAGES } from '../staffing-messages';
import { AssignmentFacts, OfficeFacts, StaffFacts, StaffingPolicy, StaffingState } from '../rules/staffing-facts';
import { headcount, indexOf, isLive, onPost } from '../rules/staffing-state';
import { approvedPosts, entitlementReasons } from '../rules/task-12-headcount';
import { certificateWindow, countsAsHolder } from '../rules/task-18-certificate';
import {
  ASSIGNMENT_STATUS_LABELS, COUNTERPART_LABELS, CounterpartKind, DIRECTION_LABELS, MOVE_KIND_LABELS, RotationDirection, UNIT_KIND_LABELS,
} from '../staffing-terms';

/** Which offices and which dates a report covers. Dates: Shanghai 'YYYY-MM-DD'. */
export interface ReportScope {
  /** null: the whole city. */
  districtId: number | null;
  /** The day the office figures are taken on. */
  date: string;
  /** Rotations overlapping this period are listed. */
  period: DateRange;
}

/** One office's figures on the report date. */
export interface OfficeLine {
  officeId: number;
  office: string;
  district: string;
  /** Task 12: approved posts (编制数; 4 when not recorded). */
  approvedPosts: number;
  /** Task 12: posts filled on the report date (在编在岗: the office's own formal staff on post). */
  headcount: number;
  /** Everyone on post, including auxiliaries. */
  onPost: number;
  /** Task 18: formal (正式在编) staff of the office on post holding a certificate obtained by the report date. */
  certificateHolders: number;
  /** Formal staff of the office on post (the base of task 18's 比重). */
  formalStaff: number;
  liaisons: string[];
  entitlement: string[];
}

/** One assignment, as lists and workbooks show it. */
export interface AssignmentLine {
  id: number;
  person: string;
  personUnit: string;
  officeId: number;
  office: string;
  district: string;
  startDate: string;
  endDate: string;
  /** e.g. 2021年4月1日至2022年3月31日, or 2022年4月1日起（未定结束日期）. */
  dates: string;
  status: string;
  direction?: string;
  counterpart?: string;
}

/** One district's counts (summary table). */
export interface DistrictLine {
  districtId: number;
  district: string;
  offices: number;
  belowMinimum: number;
  withoutHolder: number;
  withoutLiaison: number;
  entitled: number;
  placements: number;
  rotationsOut: number;
  rotationsIn: number;
  /** Task 18 "提高…获得法律职业资格证书人员比重": formal staff on post, those holding it, and the share ('37.5%'; '—' without staff). */
  formalStaff: number;
  certifiedStaff: number;
  certificateShare: string;
}

/** Task 18's two years as the reports show them. */
export interface CertificateDeadline {
  start: string;
  deadline: string;
  /** The report date is after the deadline: offices without a holder are overdue. */
  overdue: boolean;
  /** e.g. 自2021年2月9日起2年内，即至2023年2月8日. */
  label: string;
}

/** The staffing reports of issue #5 for a district or the city. */
export interface StaffingReport {
  scope: ReportScope & { label: string };
  districts: DistrictLine[];
  offices: OfficeLine[];
  /** Task 12: fewer posts filled on post than approved (at least 4). */
  belowMinimum: OfficeLine[];
  /** Task 18: no formal staff member on post holds the certificate (overdue when `certificate.overdue`). */
  withoutCertificateHolder: OfficeLine[];
  certificate: CertificateDeadline;
  /** Task 19: no live liaison cadre on the report date. */
  withoutLiaison: OfficeLine[];
  /** Task 12: population or area over the thresholds. */
  entitledToMore: OfficeLine[];
  /** Task 19: placements planned or active. */
  placements: AssignmentLine[];
  /** Task 21: rotations overlapping the period, by direction. */
  rotations: Record<RotationDirection, AssignmentLine[]>;
}

/** Where a person works, for lists: 黄浦区 南京东路街道司法所 / 黄浦区司法局 / 市司法局 / the unit's name. */
export function unitLabel(state: StaffingState, p: StaffFacts): string {
  const index = indexOf(state);
  if (p.unitKind === 'office') return `${index.office(p.officeId)?.name ?? ''}司法所`;
  if (p.unitKind === 'district_bureau') return `${index.districtName(p.districtId) ?? ''}司法局`;
  if (p.unitKind === 'city_bureau') return '市司法局';
  return p.unitName ?? UNIT_KIND_LABELS[p.unitKind];
}

/** One line per assignment for the lists and the workbook. */
export function assignmentLine(state: StaffingState, a: AssignmentFacts): AssignmentLine {
  const index = indexOf(state);
  const person = index.person(a.personId);
  const office = index.office(a.officeId);
  return {
    id: a.id,
    person: person?.name ?? '',
    personUnit: person ? unitLabel(state, person) : '',
    officeId: a.officeId,
    office: `${office?.name ?? ''}司法所`,
    district: index.districtName(office?.districtId ?? null) ?? '',
    startDate: a.startDate,
    endDate: a.endDate ?? '',
    dates: formatRange(a),
    status: ASSIGNMENT_STATUS_LABELS[a.status],
    ...(a.kind === 'rotation' && a.direction
      ? { direction: a.direction === 'out' && a.moveKind && a.moveKind !== 'exchange' ? `${MOVE_KIND_LABELS[a.moveKind]}至其他单位` : DIRECTION_LABELS[a.direction], counterpart: `${COUNTERPART_LABELS[a.counterpartKind as CounterpartKind] ?? ''} ${a.counterpartName ?? ''}`.trim() }
      : {}),
  };
}

function officeLine(state: StaffingState, office: OfficeFacts, date: string): OfficeLine {
  const people = onPost(state, office.id, date);
  const liaisons = state.assignments.filter((a) => a.kind === 'liaison' && a.officeId === office.id && isLive(a) && covers(a, date));
  return {
    officeId: office.id,
    office: `${office.name}司法所`,
    district: indexOf(state).districtName(office.districtId) ?? '',
    approvedPosts: approvedPosts(office),
    headcount: headcount(state, office.id, date),
    onPost: people.length,
    certificateHolders: people.filter((p) => countsAsHolder(p, office.id, date)).length,
    formalStaff: people.filter((p) => p.unitKind === 'office' && p.officeId === office.id && p.employment === 'permanent').length,
    liaisons: liaisons.map((a) => indexOf(state).person(a.personId)?.name ?? ''),
    entitlement: entitlementReasons(office),
  };
}

/** Builds every report for a scope; `policy` sets task 18's two years (default from 2021-02-09). Pure. */
export function buildStaffingReport(state: StaffingState, scope: ReportScope, policy?: StaffingPolicy): StaffingReport {
  const window = certificateWindow(policy);
  const inScope = (districtId: number) => scope.districtId === null || scope.districtId === districtId;
  const offices = state.offices.filter((o) => inScope(o.districtId)).map((o) => officeLine(state, o, scope.date));
  const officeDistrict = new Map(state.offices.map((o) => [o.id, o.districtId]));
  const concerned = state.assignments.filter((a) => isLive(a) && inScope(officeDistrict.get(a.officeId) ?? -1));
  const placements = concerned.filter((a) => a.kind === 'placement' && (a.status === 'planned' || a.status === 'active'));
  const rotations = concerned.filter((a) => a.kind === 'rotation' && overlaps(a, scope.period));
  const lines = (list: AssignmentFacts[]) => list.map((a) => assignmentLine(state, a)).sort((x, y) => x.startDate.localeCompare(y.startDate) || x.id - y.id);
  const report: StaffingReport = {
    scope: { ...scope, label: scope.districtId === null ? '全市' : indexOf(state).districtName(scope.districtId) ?? '' },
    districts: [],
    offices,
    belowMinimum: offices.filter((o) => o.headcount < o.approvedPosts),
    withoutCertificateHolder: offices.filter((o) => o.certificateHolders === 0),
    certificate: {
      ...window,
      overdue: scope.date > window.deadline,
      label: STAFFING_MESSAGES.task18Window(window.start, window.deadline),
    },
    withoutLiaison: offices.filter((o) => o.liaisons.length === 0),
    entitledToMore: offices.filter((o) => o.entitlement.length > 0),
    placements: lines(placements),
    rotations: { out: lines(rotations.filter((a) => a.direction === 'out')), in: lines(rotations.filter((a) => a.direction === 'in')) },
  };
  report.districts = state.districts.filter((d) => inScope(d.id)).map((d) => districtLine(report, d));
  return report;
}

function districtLine(report: StaffingReport, d: { id: number; name: string }): DistrictLine {
  const mine = <T extends { district: string }>(list: T[]) => list.filter((x) => x.district === d.name).length;
  const own = report.offices.filter((o) => o.district === d.name);
  const formalStaff = own.reduce((n, o) => n + o.formalStaff, 0);
  const certifiedStaff = own.reduce((n, o) => n + o.certificateHolders, 0);
  return {
    districtId: d.id,
    district: d.name,
    offices: mine(report.offices),
    belowMinimum: mine(report.belowMinimum),
    withoutHolder: mine(report.withoutCertificateHolder),
    withoutLiaison: mine(report.withoutLiaison),
    entitled: mine(report.entitledToMore),
    placements: mine(report.placements),
    rotationsOut: mine(report.rotations.out),
    rotationsIn: mine(report.rotations.in),
    formalStaff,
    certifiedStaff,
    certificateShare: formalStaff ? `${Number(((certifiedStaff / formalStaff) * 100).toFixed(1))}%` : '—',
  };
}
