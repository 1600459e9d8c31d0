import { Injectable } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, InsertEvent, UpdateEvent } from 'typeorm';
import { Clock } from '../common/clock';
import { InjectWriter } from './writer';

/**
 * Fills every entity's `@CreateDateColumn` and `@UpdateDateColumn` from the product clock, so no
 * stored time comes from the database's own `now()` (real time, which differs from the replay
 * clock): times that order things — a waitlist place restored from `createdAt`, audit and outbox
 * times — all come from one clock (issue 9, item 2). Applies to entity saves and to query-builder
 * inserts and updates that call listeners (TypeORM's default).
 */
@Injectable()
export class ProductClockTimestamps implements EntitySubscriberInterface {
  constructor(
    @InjectWriter() dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    dataSource.subscribers.push(this);
  }

  beforeInsert(event: InsertEvent<Record<string, unknown>>): void {
    const entity = event.entity;
    if (!entity || typeof entity !== 'object') return;
    const now = this.clock.now();
    for (const column of [event.metadata.createDateColumn, event.metadata.updateDateColumn]) {
      if (column && entity[column.propertyName] === undefined) entity[column.propertyName] = now;
    }
  }

  beforeUpdate(event: UpdateEvent<Record<string, unknown>>): void {
    const entity = event.entity as Record<string, unknown> | undefined;
    const column = event.metadata.updateDateColumn;
    if (!entity || typeof entity !== 'object' || !column) return;
    entity[column.propertyName] = this.clock.now();
  }
}
