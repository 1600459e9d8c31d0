import { EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { dataSourceOf, QueryTarget } from './sql-dialect';

/** The entity's own (non-virtual) columns, by property name. */
function ownColumns(target: QueryTarget, entity: EntityTarget<ObjectLiteral>): ColumnMetadata[] {
  return dataSourceOf(target).getMetadata(entity).columns.filter((c) => !c.isVirtual && !c.embeddedMetadata);
}

/**
 * The SELECT list of every own column of `entity`, each named by its property (`"alias"."col" AS "prop"`),
 * for a raw query whose rows `leanEntities` turns into entities; `prefix` tells apart the columns
 * of two joined entities. `alias` is trusted SQL.
 */
export function columnsSql(target: QueryTarget, entity: EntityTarget<ObjectLiteral>, alias: string, prefix = ''): string {
  return ownColumns(target, entity)
    .map((c) => `${alias}."${c.databaseName}" AS "${prefix}${c.propertyName}"`)
    .join(', ');
}

/**
 * Entities of raw rows selected with `columnsSql` (relations are left unset): each value converted
 * as TypeORM's own hydration does (the driver's `prepareHydratedValue`: dates, booleans, JSON, on
 * SQLite and PostgreSQL alike), without the query builder and result transformer that made
 * hydration a large share of a read's time (issue 10, item 7).
 */
export function leanEntities<T extends ObjectLiteral>(target: QueryTarget, entity: EntityTarget<T>, rows: ObjectLiteral[], prefix = ''): T[] {
  const dataSource = dataSourceOf(target);
  const metadata = dataSource.getMetadata(entity);
  const columns = ownColumns(target, entity);
  return rows.map((row) => {
    const out = metadata.create() as T;
    for (const c of columns) (out as ObjectLiteral)[c.propertyName] = dataSource.driver.prepareHydratedValue(row[prefix + c.propertyName], c);
    return out;
  });
}
