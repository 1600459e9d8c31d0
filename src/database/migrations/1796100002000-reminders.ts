import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reminder rules and deliveries (issue 11, item 1): one delivery per (rule, participant, session, occurrence). Generated from the entities (TypeORM schema builder). */
export class Reminders1796100002000 implements MigrationInterface {
  name = 'Reminders1796100002000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "reminder_rule" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "runId" integer NOT NULL, "kind" varchar(10) NOT NULL, "daysBefore" integer NOT NULL, "sendAt" varchar(5) NOT NULL, "note" varchar(200) NOT NULL DEFAULT (''), "active" boolean NOT NULL DEFAULT (1))`);
    await queryRunner.query(`CREATE TABLE "reminder_delivery" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ruleId" integer NOT NULL, "participantId" integer NOT NULL, "sessionId" integer NOT NULL, "occurrence" varchar(32) NOT NULL, "outboxMessageId" integer NOT NULL, "queuedAt" datetime NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_reminder_delivery" ON "reminder_delivery" ("ruleId", "participantId", "sessionId", "occurrence")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_reminder_delivery"`);
    await queryRunner.query(`DROP TABLE "reminder_delivery"`);
    await queryRunner.query(`DROP TABLE "reminder_rule"`);
  }
}
