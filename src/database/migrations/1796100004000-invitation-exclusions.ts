import { MigrationInterface, QueryRunner } from 'typeorm';

/** Days of a session cancelled for one participant (issue 11, one-day leave), written as EXDATE. Generated from the entities (TypeORM schema builder). */
export class InvitationExclusions1796100004000 implements MigrationInterface {
  name = 'InvitationExclusions1796100004000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "invitation_exclusion" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "invitationId" integer NOT NULL, "day" varchar(10) NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_bbc7d9cb07a43f9e448f551400" ON "invitation_exclusion" ("invitationId", "day")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_bbc7d9cb07a43f9e448f551400"`);
    await queryRunner.query(`DROP TABLE "invitation_exclusion"`);
  }
}
