import { MigrationInterface, QueryRunner } from 'typeorm';
import { onPostgres, runAll } from './dialect';

/**
 * A group message remembers the one-time key of the preview it was confirmed from (issue 11,
 * item 2): the same preview submitted twice sends once. Unique where set; null on older messages.
 */
export class GroupMessageSendKey1796200003000 implements MigrationInterface {
  name = 'GroupMessageSendKey1796200003000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_UP);
    await queryRunner.query(`ALTER TABLE "group_message" ADD COLUMN "sendKey" varchar(64)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_group_message_send_key" ON "group_message" ("sendKey") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_DOWN);
    await queryRunner.query(`DROP INDEX "IDX_group_message_send_key"`);
    await queryRunner.query(`ALTER TABLE "group_message" DROP COLUMN "sendKey"`);
  }
}

/** The same schema change on PostgreSQL. */
const POSTGRES_UP = [
  `ALTER TABLE "group_message" ADD "sendKey" character varying(64)`,
  `CREATE UNIQUE INDEX "IDX_group_message_send_key" ON "group_message" ("sendKey") `,
];

const POSTGRES_DOWN = [`DROP INDEX "public"."IDX_group_message_send_key"`, `ALTER TABLE "group_message" DROP COLUMN "sendKey"`];
