import { MigrationInterface, QueryRunner } from 'typeorm';
import { onPostgres, runAll } from './dialect';

/**
 * Issue 14, item 6: a training hand-over may start from any register change that makes someone an
 * office's director, not only from a rotation out: training_handover.rotationId becomes nullable and
 * effectiveDate (Shanghai 'YYYY-MM-DD', the day the new director takes over) is added — for existing
 * rows the rotation's start. A table rebuild; runMigrations keeps foreign keys off around it. On
 * PostgreSQL: the column added, filled from the rotation, then made NOT NULL.
 */
export class HandoverFollowsRegister1795998500000 implements MigrationInterface {
    name = 'HandoverFollowsRegister1795998500000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_UP);
        await queryRunner.query(`CREATE TABLE "temporary_training_handover" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rotationId" integer, "officeId" integer NOT NULL, "runId" integer NOT NULL, "status" varchar(20) NOT NULL, "outgoingName" varchar(50) NOT NULL, "successorId" integer, "cancelledRegistrationId" integer, "registrationCheckedAt" datetime, "holderReplacedAt" datetime, "linkSentAt" datetime, "outcome" text, "lastError" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "effectiveDate" varchar(10) NOT NULL, CONSTRAINT "UQ_373329d83069072a6c4e3b7430a" UNIQUE ("rotationId"), CONSTRAINT "FK_373329d83069072a6c4e3b7430a" FOREIGN KEY ("rotationId") REFERENCES "staffing_assignment" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_training_handover"("id", "rotationId", "officeId", "runId", "status", "outgoingName", "successorId", "cancelledRegistrationId", "registrationCheckedAt", "holderReplacedAt", "linkSentAt", "outcome", "lastError", "createdAt", "updatedAt", "effectiveDate") SELECT h."id", h."rotationId", h."officeId", h."runId", h."status", h."outgoingName", h."successorId", h."cancelledRegistrationId", h."registrationCheckedAt", h."holderReplacedAt", h."linkSentAt", h."outcome", h."lastError", h."createdAt", h."updatedAt", a."startDate" FROM "training_handover" h JOIN "staffing_assignment" a ON a."id" = h."rotationId"`);
        await queryRunner.query(`DROP TABLE "training_handover"`);
        await queryRunner.query(`ALTER TABLE "temporary_training_handover" RENAME TO "training_handover"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_DOWN);
        await queryRunner.query(`DELETE FROM "training_handover" WHERE "rotationId" IS NULL`);
        await queryRunner.query(`CREATE TABLE "temporary_training_handover" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rotationId" integer NOT NULL, "officeId" integer NOT NULL, "runId" integer NOT NULL, "status" varchar(20) NOT NULL, "outgoingName" varchar(50) NOT NULL, "successorId" integer, "cancelledRegistrationId" integer, "registrationCheckedAt" datetime, "holderReplacedAt" datetime, "linkSentAt" datetime, "outcome" text, "lastError" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_373329d83069072a6c4e3b7430a" UNIQUE ("rotationId"), CONSTRAINT "FK_373329d83069072a6c4e3b7430a" FOREIGN KEY ("rotationId") REFERENCES "staffing_assignment" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_training_handover"("id", "rotationId", "officeId", "runId", "status", "outgoingName", "successorId", "cancelledRegistrationId", "registrationCheckedAt", "holderReplacedAt", "linkSentAt", "outcome", "lastError", "createdAt", "updatedAt") SELECT "id", "rotationId", "officeId", "runId", "status", "outgoingName", "successorId", "cancelledRegistrationId", "registrationCheckedAt", "holderReplacedAt", "linkSentAt", "outcome", "lastError", "createdAt", "updatedAt" FROM "training_handover"`);
        await queryRunner.query(`DROP TABLE "training_handover"`);
        await queryRunner.query(`ALTER TABLE "temporary_training_handover" RENAME TO "training_handover"`);
    }
}

/** The same schema change on PostgreSQL. */
const POSTGRES_UP = [
  `ALTER TABLE "training_handover" ADD "effectiveDate" character varying(10)`,
  `UPDATE "training_handover" h SET "effectiveDate" = a."startDate" FROM "staffing_assignment" a WHERE a."id" = h."rotationId"`,
  `ALTER TABLE "training_handover" ALTER COLUMN "effectiveDate" SET NOT NULL`,
  `ALTER TABLE "training_handover" ALTER COLUMN "rotationId" DROP NOT NULL`,
];

const POSTGRES_DOWN = [
  `DELETE FROM "training_handover" WHERE "rotationId" IS NULL`,
  `ALTER TABLE "training_handover" ALTER COLUMN "rotationId" SET NOT NULL`,
  `ALTER TABLE "training_handover" DROP COLUMN "effectiveDate"`,
];
