import { MigrationInterface, QueryRunner } from 'typeorm';
import { onPostgres, runAll } from './dialect';

/**
 * The organiser's contact person and phone per run (issue 13, item 7), shown on the participant
 * page and in the calendar invitation's description; both null on existing runs (the page then
 * names the mail sender, as before).
 */
export class RunContact1796200002500 implements MigrationInterface {
  name = 'RunContact1796200002500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_UP);
    await queryRunner.query(`ALTER TABLE "training_run" ADD COLUMN "contactName" varchar(50)`);
    await queryRunner.query(`ALTER TABLE "training_run" ADD COLUMN "contactPhone" varchar(20)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_DOWN);
    // SQLite 3.35+ drops a column that no index or constraint uses.
    await queryRunner.query(`ALTER TABLE "training_run" DROP COLUMN "contactPhone"`);
    await queryRunner.query(`ALTER TABLE "training_run" DROP COLUMN "contactName"`);
  }
}

/** The same schema change on PostgreSQL. */
const POSTGRES_UP = [
  `ALTER TABLE "training_run" ADD "contactName" character varying(50)`,
  `ALTER TABLE "training_run" ADD "contactPhone" character varying(20)`,
];

const POSTGRES_DOWN = [
  `ALTER TABLE "training_run" DROP COLUMN "contactPhone"`,
  `ALTER TABLE "training_run" DROP COLUMN "contactName"`,
];
