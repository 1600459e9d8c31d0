import { MigrationInterface, QueryRunner } from 'typeorm';

/** Group messages and their recipients (issue 11, item 2). Generated from the entities (TypeORM schema builder). */
export class GroupMessages1796100003000 implements MigrationInterface {
  name = 'GroupMessages1796100003000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "group_message" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "runId" integer NOT NULL, "audience" text NOT NULL, "subject" varchar(100) NOT NULL, "body" text NOT NULL, "recipientCount" integer NOT NULL, "createdBy" varchar(64) NOT NULL, "districtId" integer, "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`CREATE TABLE "group_message_recipient" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "groupMessageId" integer NOT NULL, "participantId" integer NOT NULL, "outboxMessageId" integer NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_2bdf52e94984490e325216a47f" ON "group_message_recipient" ("groupMessageId", "participantId")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_2bdf52e94984490e325216a47f"`);
    await queryRunner.query(`DROP TABLE "group_message_recipient"`);
    await queryRunner.query(`DROP TABLE "group_message"`);
  }
}
