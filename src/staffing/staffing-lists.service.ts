import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, EntityTarget, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { StaffMember } from './staff-member.entity';
import { StaffingAssignment } from './staffing-assignment.entity';
import { AssignmentKind, AssignmentStatus, RotationDirection, StaffPosition } from './staffing-terms';

/** Filters of the staff register list and its export (issue 13, item 1); all applied in SQL. */
export interface StaffListFilter {
  districtId?: number;
  officeId?: number;
  position?: StaffPosition;
  /** Part of a name or a 人员编号 (case-insensitive). */
  q?: string;
}

export const STAFF_SORTS = ['unit', 'name', 'number', 'start'] as const;
export type StaffSort = (typeof STAFF_SORTS)[number];

/** Filters of the placement / rotation list (锻炼、交流任职、联系点) and its export; all applied in SQL. */
export interface AssignmentListFilter {
  kind?: AssignmentKind;
  direction?: RotationDirection;
  status?: AssignmentStatus;
  /** The office's district. */
  districtId?: number;
  officeId?: number;
  /** Part of the person's name or 人员编号, or of the counterpart unit (case-insensitive). */
  q?: string;
  /** Shanghai dates 'YYYY-MM-DD': the assignment overlaps [from, to] (either end open). */
  from?: string;
  to?: string;
}

export const ASSIGNMENT_SORTS = ['start', 'person', 'office', 'status'] as const;
export type AssignmentSort = (typeof ASSIGNMENT_SORTS)[number];

/** One page of a list: `limit` rows from `offset`, with the count of every matching row. */
export interface ListPage<T> {
  rows: T[];
  total: number;
}

/** LIKE pattern of a search term, with LIKE's own characters escaped (used with ESCAPE '\'). */
function like(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of an ordered query, in two steps: the page's ids first (the sort carries only the id
 * and the sort keys, not every selected column of the joined tables), then those rows with their
 * relations, put back in page order. Keeps a late page of 40,000 rows under the list budget.
 */
async function pageOf<T extends ObjectLiteral & { id: number }>(
  m: EntityManager, entity: EntityTarget<T>, ordered: SelectQueryBuilder<T>, alias: string, limit: number, offset: number, relations: string[],
): Promise<T[]> {
  const ids = (await ordered.select(`${alias}.id`, 'id').offset(offset).limit(limit).getRawMany<{ id: number }>()).map((r) => Number(r.id));
  if (!ids.length) return [];
  const rows = await m.getRepository(entity).find({ where: { id: In(ids) } as never, relations });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

/**
 * The staffing lists as SQL (issue 13, item 1): the register and the placements/rotations, one
 * page at a time (LIMIT/OFFSET) with the filters in the WHERE clause, as the participant list does.
 */
@Injectable()
export class StaffingListsService {
  constructor(private readonly transactions: TransactionRunner) {}

  /** One page of register records (with office and district) and the number of matching records. */
  staffPage(filter: StaffListFilter, sort: StaffSort, limit: number, offset: number): Promise<ListPage<StaffMember>> {
    return this.transactions.read(async (m) => {
      const qb = this.staffQuery(m.getRepository(StaffMember).createQueryBuilder('s'), filter);
      const total = await qb.clone().getCount();
      return { rows: await pageOf(m, StaffMember, this.staffOrder(qb, sort), 's', limit, offset, ['office', 'district']), total };
    });
  }

  /** Every register record matching `filter` in `sort` order, with office and district (the export of the list). */
  staffAll(filter: StaffListFilter, sort: StaffSort = 'unit'): Promise<StaffMember[]> {
    return this.transactions.read((m) => this.staffOrder(this.staffQuery(m.getRepository(StaffMember).createQueryBuilder('s'), filter), sort).getMany());
  }

  /** One page of placements, rotations, liaison and contact points (with person and office) and the number matching. */
  assignmentPage(filter: AssignmentListFilter, sort: AssignmentSort, limit: number, offset: number): Promise<ListPage<StaffingAssignment>> {
    return this.transactions.read(async (m) => {
      const qb = this.assignmentQuery(m.getRepository(StaffingAssignment).createQueryBuilder('a'), filter);
      const total = await qb.clone().getCount();
      return { rows: await pageOf(m, StaffingAssignment, this.assignmentOrder(qb, sort), 'a', limit, offset, ['person', 'office']), total };
    });
  }

  /** Every assignment matching `filter`, in list order (the export of the list). */
  assignments(filter: AssignmentListFilter, sort: AssignmentSort): Promise<StaffingAssignment[]> {
    return this.transactions.read((m) => this.assignmentOrder(this.assignmentQuery(m.getRepository(StaffingAssignment).createQueryBuilder('a'), filter), sort).getMany());
  }

  private staffQuery(qb: SelectQueryBuilder<StaffMember>, filter: StaffListFilter): SelectQueryBuilder<StaffMember> {
    if (filter.districtId) qb.andWhere('s.districtId = :districtId', { districtId: filter.districtId });
    if (filter.officeId) qb.andWhere('s.officeId = :officeId', { officeId: filter.officeId });
    if (filter.position) qb.andWhere('s.position = :position', { position: filter.position });
    // LOWER on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    if (filter.q) qb.andWhere(`(LOWER(s.name) LIKE :q ESCAPE '\\' OR LOWER(s.staffNumber) LIKE :q ESCAPE '\\')`, { q: like(filter.q) });
    return qb;
  }

  private staffOrder(qb: SelectQueryBuilder<StaffMember>, sort: StaffSort): SelectQueryBuilder<StaffMember> {
    const order: Record<StaffSort, [string, 'ASC' | 'DESC'][]> = {
      unit: [['district.code', 'ASC'], ['office.code', 'ASC'], ['s.unitKind', 'ASC'], ['s.staffNumber', 'ASC']],
      name: [['s.name', 'ASC'], ['s.id', 'ASC']],
      number: [['s.staffNumber', 'ASC']],
      start: [['s.startDate', 'DESC'], ['s.id', 'ASC']],
    };
    qb.leftJoinAndSelect('s.office', 'office').leftJoinAndSelect('s.district', 'district');
    order[sort].forEach(([column, direction], i) => (i ? qb.addOrderBy(column, direction) : qb.orderBy(column, direction)));
    return qb;
  }

  private assignmentQuery(qb: SelectQueryBuilder<StaffingAssignment>, filter: AssignmentListFilter): SelectQueryBuilder<StaffingAssignment> {
    qb.innerJoinAndSelect('a.person', 'person').innerJoinAndSelect('a.office', 'office');
    if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
    if (filter.direction) qb.andWhere('a.direction = :direction', { direction: filter.direction });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.districtId) qb.andWhere('office.districtId = :districtId', { districtId: filter.districtId });
    if (filter.officeId) qb.andWhere('a.officeId = :officeId', { officeId: filter.officeId });
    if (filter.from) qb.andWhere('(a.endDate IS NULL OR a.endDate >= :from)', { from: filter.from });
    if (filter.to) qb.andWhere('a.startDate <= :to', { to: filter.to });
    if (filter.q) {
      const q = like(filter.q);
      qb.andWhere(new Brackets((w) => w
        .where(`LOWER(person.name) LIKE :q ESCAPE '\\'`, { q })
        .orWhere(`LOWER(person.staffNumber) LIKE :q ESCAPE '\\'`)
        .orWhere(`LOWER(a.counterpartName) LIKE :q ESCAPE '\\'`)));
    }
    return qb;
  }

  private assignmentOrder(qb: SelectQueryBuilder<StaffingAssignment>, sort: AssignmentSort): SelectQueryBuilder<StaffingAssignment> {
    const order: Record<AssignmentSort, [string, 'ASC' | 'DESC'][]> = {
      start: [['a.startDate', 'DESC'], ['a.id', 'DESC']],
      person: [['person.name', 'ASC'], ['a.id', 'ASC']],
      office: [['office.code', 'ASC'], ['a.startDate', 'DESC'], ['a.id', 'ASC']],
      status: [['a.status', 'ASC'], ['a.startDate', 'DESC'], ['a.id', 'ASC']],
    };
    order[sort].forEach(([column, direction], i) => (i ? qb.addOrderBy(column, direction) : qb.orderBy(column, direction)));
    return qb;
  }
}
