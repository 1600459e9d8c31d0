import { MigrationInterface, QueryRunner } from 'typeorm';

/** Leave requests (issue 11, item 4): at most one pending per registration (partial unique index). Generated from the entities (TypeORM schema builder). */
export class Leave1796100001000 implements MigrationInterface {
  name = 'Leave1796100001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "leave_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "runId" integer NOT NULL, "registrationId" integer NOT NULL, "participantId" integer NOT NULL, "sessionId" integer NOT NULL, "districtId" integer NOT NULL, "scope" varchar(8) NOT NULL, "day" varchar(10), "reason" varchar(200) NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('pending'), "requestedBy" varchar(64) NOT NULL, "requestedAt" datetime NOT NULL, "decidedBy" varchar(64), "decidedAt" datetime, "decisionNote" varchar(200) NOT NULL DEFAULT (''), "substituteParticipantId" integer)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_leave_pending" ON "leave_request" ("registrationId") WHERE "status" = 'pending'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_leave_pending"`);
    await queryRunner.query(`DROP TABLE "leave_request"`);
  }
}
