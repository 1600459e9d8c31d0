import { MigrationInterface, QueryRunner } from 'typeorm';

/** Balancing: unavailable sessions and organiser pins on registrations; stored balancing plans. */
export class Balancing1795990000000 implements MigrationInterface {
  name = 'Balancing1795990000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "registration" ADD COLUMN "unavailable" text NOT NULL DEFAULT ('[]')`);
    await queryRunner.query(`ALTER TABLE "registration" ADD COLUMN "pinnedSessionId" integer`);
    await queryRunner.query(
      `CREATE TABLE "balancing_plan" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "runId" integer NOT NULL, "status" varchar(12) NOT NULL, "policy" text NOT NULL, "before" text NOT NULL, "after" text NOT NULL, "report" text NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "appliedAt" datetime)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_balancing_plan_run_status" ON "balancing_plan" ("runId", "status") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "balancing_plan"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP COLUMN "pinnedSessionId"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP COLUMN "unavailable"`);
  }
}
