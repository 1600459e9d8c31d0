import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Inserts one row and returns its generated `id`, in one statement. `EntityManager.insert` and
 * `save` read every inserted row back (a SELECT of the defaulted and generated columns) to fill
 * the entity in: a second statement per row that the write path never uses (issue 10, item 2,
 * measured with bench/profile-write.ts). Listeners still run, so the product clock still fills
 * `createdAt`/`updatedAt` (product-clock.subscriber.ts). SQLite gives the id as its last insert
 * rowid; PostgreSQL through `RETURNING "id"`.
 */
export async function insertRow<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, values: QueryDeepPartialEntity<T>): Promise<number> {
  const query = m.createQueryBuilder().insert().into(target).values(values).updateEntity(false);
  if (m.connection.driver.isReturningSqlSupported('insert')) query.returning('"id"');
  const { raw } = await query.execute();
  return Number(Array.isArray(raw) ? (raw[0] as { id: unknown }).id : raw);
}
