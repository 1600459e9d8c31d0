import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6: organiser accounts become accounts with roles (organiser, district coordinator),
 * lockout counters and deactivation; login sessions carry a CSRF token; personal links expire;
 * the audit log.
 */
export class AccountsAudit1795996000000 implements MigrationInterface {
  name = 'AccountsAudit1795996000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organiser_account" RENAME TO "account"`);
    await queryRunner.query(`ALTER TABLE "account" ADD COLUMN "displayName" varchar(50) NOT NULL DEFAULT ('')`);
    await queryRunner.query(`ALTER TABLE "account" ADD COLUMN "role" varchar(12) NOT NULL DEFAULT ('organiser')`);
    await queryRunner.query(`ALTER TABLE "account" ADD COLUMN "districtId" integer`);
    await queryRunner.query(`ALTER TABLE "account" ADD COLUMN "failedLogins" integer NOT NULL DEFAULT (0)`);
    await queryRunner.query(`ALTER TABLE "account" ADD COLUMN "lockedUntil" datetime`);
    await queryRunner.query(`ALTER TABLE "account" ADD COLUMN "active" boolean NOT NULL DEFAULT (1)`);
    await queryRunner.query(`ALTER TABLE "login_session" ADD COLUMN "csrfToken" varchar(64) NOT NULL DEFAULT ('')`);
    await queryRunner.query(`ALTER TABLE "participant" ADD COLUMN "tokenExpiresAt" datetime`);
    await queryRunner.query(
      `CREATE TABLE "audit_event" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" datetime NOT NULL DEFAULT (datetime('now')), "actorKind" varchar(12) NOT NULL, "actorId" integer, "actorLabel" varchar(100) NOT NULL, "action" varchar(60) NOT NULL, "subjectType" varchar(40) NOT NULL, "subjectId" varchar(40), "districtId" integer, "before" text, "after" text)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_event_district" ON "audit_event" ("districtId", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`ALTER TABLE "participant" DROP COLUMN "tokenExpiresAt"`);
    await queryRunner.query(`ALTER TABLE "login_session" DROP COLUMN "csrfToken"`);
    for (const column of ['active', 'lockedUntil', 'failedLogins', 'districtId', 'role', 'displayName']) {
      await queryRunner.query(`ALTER TABLE "account" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`ALTER TABLE "account" RENAME TO "organiser_account"`);
  }
}
