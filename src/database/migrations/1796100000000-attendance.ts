import { MigrationInterface, QueryRunner } from 'typeorm';

/** Daily sign-in (issue 11, item 5): attendance rows with one per (session, participant, day), hashed sign-in codes, per-run attendance rules. Generated from the entities (TypeORM schema builder). */
export class Attendance1796100000000 implements MigrationInterface {
  name = 'Attendance1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "attendance_policy" ("runId" integer PRIMARY KEY NOT NULL, "lateAfterMinutes" integer NOT NULL DEFAULT (15), "oneDayLeaveCounts" boolean NOT NULL DEFAULT (0))`);
    await queryRunner.query(`CREATE TABLE "attendance" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "runId" integer NOT NULL, "sessionId" integer NOT NULL, "participantId" integer NOT NULL, "registrationId" integer NOT NULL, "day" varchar(10) NOT NULL, "status" varchar(10) NOT NULL, "signedInAt" datetime, "method" varchar(10) NOT NULL, "recordedBy" varchar(64) NOT NULL, "recordedAt" datetime NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_attendance_day" ON "attendance" ("sessionId", "participantId", "day")`);
    await queryRunner.query(`CREATE TABLE "sign_in_code" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "registrationId" integer NOT NULL, "codeHash" varchar(64) NOT NULL, "channel" varchar(8) NOT NULL, "revision" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL, "revokedAt" datetime, CONSTRAINT "UQ_f7fa6f21ba2f45b4d79c39e0d3a" UNIQUE ("codeHash"))`);
    await queryRunner.query(`CREATE INDEX "IDX_dc5dbd9217a15f021da3705c39" ON "sign_in_code" ("registrationId")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_dc5dbd9217a15f021da3705c39"`);
    await queryRunner.query(`DROP TABLE "sign_in_code"`);
    await queryRunner.query(`DROP INDEX "UQ_attendance_day"`);
    await queryRunner.query(`DROP TABLE "attendance"`);
    await queryRunner.query(`DROP TABLE "attendance_policy"`);
  }
}
