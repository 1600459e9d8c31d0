import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The replay clock's anchor (issue 9, item 2). Written with TypeORM's Table API, portable. */
export class ProductClock1795998000000 implements MigrationInterface {
  name = 'ProductClock1795998000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'product_clock',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'configuredStart', type: 'varchar', length: '40' },
          { name: 'offsetMs', type: 'bigint' },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('product_clock');
  }
}
