import { Injectable } from '@nestjs/common';
import { pager, queryString, readPage, readSort } from '../common/paging';
import { formatRange, isIsoDate } from './rules/date-ranges';
import { AssignmentListFilter, ASSIGNMENT_SORTS, StaffingListsService, StaffListFilter, STAFF_SORTS } from './staffing-lists.service';
import { StaffingAssignment } from './staffing-assignment.entity';
import { AssignmentKind, AssignmentStatus, COUNTERPART_LABELS, CounterpartKind, RotationDirection, StaffPosition } from './staffing-terms';
import { LABELS, options, staffLine } from './staffing-view-models';
import { StaffingViewsService } from './staffing-views.service';

/** Query string of the register list: district, office, position, q, sort, page, size. */
export type StaffListQuery = Partial<Record<'district' | 'office' | 'position' | 'q' | 'sort' | 'page' | 'size', string>>;
/** Query string of the assignment list: kind, direction, status, district, office, q, from, to, sort, page, size. */
export type AssignmentListQuery = Partial<Record<'kind' | 'direction' | 'status' | 'district' | 'office' | 'q' | 'from' | 'to' | 'sort' | 'page' | 'size', string>>;

const STAFF_SORT_LABELS: Record<(typeof STAFF_SORTS)[number], string> = { unit: '按单位', name: '按姓名', number: '按人员编号', start: '按任现职日期（新到旧）' };
const ASSIGNMENT_SORT_LABELS: Record<(typeof ASSIGNMENT_SORTS)[number], string> = { start: '按开始日期（新到旧）', person: '按姓名', office: '按司法所', status: '按状态' };

const id = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
const oneOf = <K extends string>(v: string | undefined, labels: Record<K, string>) => (v && Object.hasOwn(labels, v) ? (v as K) : undefined);
const search = (v: string | undefined) => v?.trim().slice(0, 50) || undefined;

/** Reads the register list's filter from its query (unknown values are ignored). */
export function staffListFilter(query: StaffListQuery): StaffListFilter {
  return { districtId: id(query.district), officeId: id(query.office), position: oneOf<StaffPosition>(query.position, LABELS.position), q: search(query.q) };
}

/** Reads the assignment list's filter from its query (unknown values and malformed dates are ignored). */
export function assignmentListFilter(query: AssignmentListQuery): AssignmentListFilter {
  const date = (v: string | undefined) => (v && isIsoDate(v) ? v : undefined);
  return {
    kind: oneOf<AssignmentKind>(query.kind, LABELS.kind),
    direction: oneOf<RotationDirection>(query.direction, LABELS.direction),
    status: oneOf<AssignmentStatus>(query.status, LABELS.status),
    districtId: id(query.district),
    officeId: id(query.office),
    q: search(query.q),
    from: date(query.from),
    to: date(query.to),
  };
}

/** One row of the assignment list and of its export. */
export function assignmentRow(a: StaffingAssignment) {
  return {
    id: a.id,
    kind: LABELS.kind[a.kind],
    direction: a.direction ? (a.moveKind && a.moveKind !== 'exchange' ? `${LABELS.moveKind[a.moveKind]}至其他单位` : LABELS.direction[a.direction]) : '',
    person: a.person.name,
    staffNumber: a.person.staffNumber,
    office: `${a.office.unitName}司法所`,
    counterpart: a.counterpartKind ? `${COUNTERPART_LABELS[a.counterpartKind as CounterpartKind]} ${a.counterpartName ?? ''}`.trim() : '',
    startDate: a.startDate,
    endDate: a.endDate ?? '',
    dates: formatRange(a),
    status: LABELS.status[a.status],
  };
}

/**
 * View models of the two staffing lists (issue 13, item 1): the register and the placements /
 * rotations, each paged, sorted and filtered on the server, the filter kept by the pager and the export link.
 */
@Injectable()
export class StaffingListViewsService {
  constructor(
    private readonly lists: StaffingListsService,
    private readonly views: StaffingViewsService,
  ) {}

  /** The register list page. */
  async staffList(query: StaffListQuery) {
    const filter = staffListFilter(query);
    const request = readPage(query);
    const sort = readSort(query.sort, STAFF_SORTS);
    const [{ rows, total }, filters] = await Promise.all([this.lists.staffPage(filter, sort, request.size, request.offset), this.filterOptions(filter)]);
    const keep = { district: query.district, office: query.office, position: query.position, q: query.q, sort: query.sort };
    return {
      title: '人员配备登记',
      rows: rows.map(staffLine),
      total,
      pager: pager('/admin/staffing/staff', keep, request, total),
      q: query.q ?? '',
      ...filters,
      positions: options(LABELS.position, filter.position),
      sorts: Object.entries(STAFF_SORT_LABELS).map(([value, label]) => ({ value, label, selected: value === sort })),
      exportHref: `/admin/staffing/staff/export.xlsx${queryString(keep)}`,
    };
  }

  /** The placement / rotation list page. */
  async assignmentList(query: AssignmentListQuery) {
    const filter = assignmentListFilter(query);
    const request = readPage(query);
    const sort = readSort(query.sort, ASSIGNMENT_SORTS);
    const [{ rows, total }, filters] = await Promise.all([this.lists.assignmentPage(filter, sort, request.size, request.offset), this.filterOptions(filter)]);
    const keep = { kind: query.kind, direction: query.direction, status: query.status, district: query.district, office: query.office, q: query.q, from: query.from, to: query.to, sort: query.sort };
    const kindTitle = filter.kind ? LABELS.kind[filter.kind] : '锻炼、交流任职和联系';
    return {
      title: `${kindTitle}登记`,
      rows: rows.map(assignmentRow),
      total,
      pager: pager('/admin/staffing/assignments', keep, request, total),
      q: query.q ?? '',
      from: filter.from ?? '',
      to: filter.to ?? '',
      ...filters,
      kinds: options(LABELS.kind, filter.kind),
      directions: options(LABELS.direction, filter.direction),
      statuses: options(LABELS.status, filter.status),
      sorts: Object.entries(ASSIGNMENT_SORT_LABELS).map(([value, label]) => ({ value, label, selected: value === sort })),
      exportHref: `/admin/staffing/assignments.xlsx${queryString(keep)}`,
    };
  }

  /** Every assignment of the list's filter and sort, as export rows. */
  async assignmentExport(query: AssignmentListQuery) {
    return (await this.lists.assignments(assignmentListFilter(query), readSort(query.sort, ASSIGNMENT_SORTS))).map(assignmentRow);
  }

  private async filterOptions(filter: { districtId?: number; officeId?: number }) {
    const { districts } = await this.views.units();
    const district = districts.find((d) => d.id === filter.districtId);
    return {
      districts: districts.map((d) => ({ id: d.id, name: d.name, selected: d.id === filter.districtId })),
      offices: (district?.offices ?? []).map((o) => ({ id: o.id, name: `${o.unitName}司法所`, selected: o.id === filter.officeId })),
    };
  }
}
