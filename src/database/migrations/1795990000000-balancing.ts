import { MigrationInterface, QueryRunner } from 'typeorm';
import { onPostgres, runAll } from './dialect';

/** Balancing: unavailable sessions and organiser pins on registrations; stored balancing plans. */
export class Balancing1795990000000 implements MigrationInterface {
  name = 'Balancing1795990000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_UP);
    await queryRunner.query(`ALTER TABLE "registration" ADD COLUMN "unavailable" text NOT NULL DEFAULT ('[]')`);
    await queryRunner.query(`ALTER TABLE "registration" ADD COLUMN "pinnedSessionId" integer`);
    await queryRunner.query(
      `CREATE TABLE "balancing_plan" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "runId" integer NOT NULL, "status" varchar(12) NOT NULL, "policy" text NOT NULL, "before" text NOT NULL, "after" text NOT NULL, "report" text NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "appliedAt" datetime)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_balancing_plan_run_status" ON "balancing_plan" ("runId", "status") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_DOWN);
    await queryRunner.query(`DROP TABLE "balancing_plan"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP COLUMN "pinnedSessionId"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP COLUMN "unavailable"`);
  }
}

/** The same schema change on PostgreSQL. */
const POSTGRES_UP = [
  `ALTER TABLE "registration" ADD "unavailable" text NOT NULL DEFAULT '[]'`,
  `ALTER TABLE "registration" ADD "pinnedSessionId" integer`,
  `CREATE TABLE "balancing_plan" ("id" SERIAL NOT NULL, "runId" integer NOT NULL, "status" character varying(12) NOT NULL, "policy" text NOT NULL, "before" text NOT NULL, "after" text NOT NULL, "report" text NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "appliedAt" TIMESTAMP, CONSTRAINT "PK_9d7fd67d80d5799e4c33dd038b0" PRIMARY KEY ("id"))`,
  `CREATE INDEX "IDX_balancing_plan_run_status" ON "balancing_plan" ("runId", "status")`,
];

const POSTGRES_DOWN = [
  `DROP TABLE "balancing_plan"`,
  `ALTER TABLE "registration" DROP COLUMN "pinnedSessionId"`,
  `ALTER TABLE "registration" DROP COLUMN "unavailable"`,
];
