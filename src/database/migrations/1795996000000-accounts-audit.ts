import { MigrationInterface, QueryRunner } from 'typeorm';
import { onPostgres, runAll } from './dialect';

/**
 * Issue 6: organiser accounts become accounts with roles (organiser, district coordinator),
 * lockout counters and deactivation; login sessions carry a CSRF token; personal links expire;
 * the audit log.
 */
export class AccountsAudit1795996000000 implements MigrationInterface {
  name = 'AccountsAudit1795996000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_UP);
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
    if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_DOWN);
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`ALTER TABLE "participant" DROP COLUMN "tokenExpiresAt"`);
    await queryRunner.query(`ALTER TABLE "login_session" DROP COLUMN "csrfToken"`);
    for (const column of ['active', 'lockedUntil', 'failedLogins', 'districtId', 'role', 'displayName']) {
      await queryRunner.query(`ALTER TABLE "account" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`ALTER TABLE "account" RENAME TO "organiser_account"`);
  }
}

/** The same schema change on PostgreSQL. */
const POSTGRES_UP = [
  `ALTER TABLE "organiser_account" RENAME TO "account"`,
  `ALTER SEQUENCE "organiser_account_id_seq" RENAME TO "account_id_seq"`,
  `ALTER TABLE "account" RENAME CONSTRAINT "PK_e53e5f5126112229fa99406e976" TO "PK_54115ee388cdb6d86bb4bf5b2ea"`,
  `ALTER TABLE "account" RENAME CONSTRAINT "UQ_96bdfd40a7943c3f36c63fda418" TO "UQ_41dfcb70af895ddf9a53094515b"`,
  `ALTER TABLE "account" ADD "displayName" character varying(50) NOT NULL DEFAULT ''`,
  `ALTER TABLE "account" ADD "role" character varying(12) NOT NULL DEFAULT 'organiser'`,
  `ALTER TABLE "account" ADD "districtId" integer`,
  `ALTER TABLE "account" ADD "failedLogins" integer NOT NULL DEFAULT '0'`,
  `ALTER TABLE "account" ADD "lockedUntil" TIMESTAMP`,
  `ALTER TABLE "account" ADD "active" boolean NOT NULL DEFAULT true`,
  `ALTER TABLE "login_session" ADD "csrfToken" character varying(64) NOT NULL DEFAULT ''`,
  `ALTER TABLE "participant" ADD "tokenExpiresAt" TIMESTAMP`,
  `CREATE TABLE "audit_event" ("id" SERIAL NOT NULL, "at" TIMESTAMP NOT NULL DEFAULT now(), "actorKind" character varying(12) NOT NULL, "actorId" integer, "actorLabel" character varying(100) NOT NULL, "action" character varying(60) NOT NULL, "subjectType" character varying(40) NOT NULL, "subjectId" character varying(40), "districtId" integer, "before" text, "after" text, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`,
  `CREATE INDEX "IDX_audit_event_district" ON "audit_event" ("districtId", "id")`,
];

const POSTGRES_DOWN = [
  `DROP TABLE "audit_event"`,
  `ALTER TABLE "participant" DROP COLUMN "tokenExpiresAt"`,
  `ALTER TABLE "login_session" DROP COLUMN "csrfToken"`,
  `ALTER TABLE "account" DROP COLUMN "active", DROP COLUMN "lockedUntil", DROP COLUMN "failedLogins", DROP COLUMN "districtId", DROP COLUMN "role", DROP COLUMN "displayName"`,
  `ALTER TABLE "account" RENAME CONSTRAINT "UQ_41dfcb70af895ddf9a53094515b" TO "UQ_96bdfd40a7943c3f36c63fda418"`,
  `ALTER TABLE "account" RENAME CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" TO "PK_e53e5f5126112229fa99406e976"`,
  `ALTER SEQUENCE "account_id_seq" RENAME TO "organiser_account_id_seq"`,
  `ALTER TABLE "account" RENAME TO "organiser_account"`,
];
