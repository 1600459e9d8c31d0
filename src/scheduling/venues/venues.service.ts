import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/domain-error';
import { TransactionRunner } from '../../database/transaction-runner';
import { isUniqueViolation } from '../../registrations/registration-rules';
import { TrainingSession } from '../../training/training-session.entity';
import { Venue, venueLabel } from './venue.entity';

/** A venue's fields as an organiser enters them. */
export interface VenueInput {
  name: string;
  address: string;
  room: string;
  capacity: number;
}

/**
 * The list of venues (issue 12). Changing a venue's name, room or address renames the place of
 * its sessions; its capacity may not fall below a session's.
 */
@Injectable()
export class VenuesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** Every venue by name. */
  list(): Promise<Venue[]> {
    return this.dataSource.getRepository(Venue).find({ order: { name: 'ASC' } });
  }

  /** One venue. @throws DomainError NOT_FOUND. */
  async get(id: number, m: EntityManager = this.dataSource.manager): Promise<Venue> {
    const venue = await m.findOneBy(Venue, { id });
    if (!venue) throw new DomainError('NOT_FOUND', `场地 ${id} 不存在。`);
    return venue;
  }

  /** @throws DomainError VALIDATION_FAILED (bad field), INVALID_STATE (name in use). */
  async create(input: VenueInput): Promise<Venue> {
    const clean = checkVenue(input);
    return this.transactions.run(async (m) => {
      try {
        const venue = await m.save(m.create(Venue, clean));
        await this.audit.record(m, { action: 'venue.create', subjectType: 'venue', subjectId: venue.id, after: clean });
        return venue;
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('INVALID_STATE', `已有名为“${clean.name}”的场地。`);
        throw error;
      }
    });
  }

  /**
   * @throws DomainError NOT_FOUND, VALIDATION_FAILED, INVALID_STATE (name in use; capacity below a
   *   scheduled session's).
   */
  async update(id: number, input: VenueInput): Promise<Venue> {
    const clean = checkVenue(input);
    return this.transactions.run(async (m) => {
      const before = await this.get(id, m);
      const biggest = await m.createQueryBuilder(TrainingSession, 's').select('MAX(s.capacity)', 'max').where(`s."venueId" = :id AND s.status = 'scheduled'`, { id }).getRawOne<{ max: number | null }>();
      if (biggest?.max && biggest.max > clean.capacity) throw new DomainError('INVALID_STATE', `该场地已有容量 ${biggest.max} 人的期次，座位数不能少于此数。`);
      try {
        await m.update(Venue, id, clean);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('INVALID_STATE', `已有名为“${clean.name}”的场地。`);
        throw error;
      }
      await m.update(TrainingSession, { venueId: id }, { venue: venueLabel(clean) });
      await this.audit.record(m, { action: 'venue.update', subjectType: 'venue', subjectId: id, before: { name: before.name, address: before.address, room: before.room, capacity: before.capacity }, after: clean });
      return this.get(id, m);
    });
  }
}

/** Checks and trims a venue's fields. @throws DomainError VALIDATION_FAILED (Chinese). */
export function checkVenue(input: VenueInput): VenueInput {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const clean = { name: text(input.name), address: text(input.address), room: text(input.room), capacity: input.capacity };
  if (!clean.name || clean.name.length > 60) throw new DomainError('VALIDATION_FAILED', '请填写场地名称（不超过 60 字）。');
  if (!clean.address || clean.address.length > 100) throw new DomainError('VALIDATION_FAILED', '请填写地址（不超过 100 字）。');
  if (!clean.room || clean.room.length > 40) throw new DomainError('VALIDATION_FAILED', '请填写教室或会议室（不超过 40 字）。');
  if (!Number.isInteger(clean.capacity) || clean.capacity < 1 || clean.capacity > 10000) throw new DomainError('VALIDATION_FAILED', '座位数应为 1–10000 的整数。');
  return clean;
}
