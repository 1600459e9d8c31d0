import { MigrationInterface, QueryRunner } from 'typeorm';
import { onPostgres, runAll } from './dialect';

/**
 * Mail batches (issue 11, item 8): the mails one organiser action queued (opening registration,
 * cancelling a session, applying or restoring a balancing plan), for that action's progress page.
 * A batch goes with its run (CASCADE); its membership rows go with the batch or the outbox row.
 * Generated from the entities (TypeORM's schema builder); new tables, so SQLite needs no rebuild.
 */
export class MailBatches1796200002000 implements MigrationInterface {
  name = 'MailBatches1796200002000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    return runAll(queryRunner, onPostgres(queryRunner) ? POSTGRES_UP : SQLITE_UP);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    return runAll(queryRunner, onPostgres(queryRunner) ? POSTGRES_DOWN : SQLITE_DOWN);
  }
}

/** SQLite. */
const SQLITE_UP = [
  `CREATE TABLE "mail_batch" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(24) NOT NULL, "runId" integer NOT NULL, "subjectId" integer NOT NULL, "label" varchar(200) NOT NULL, "createdAt" datetime NOT NULL, CONSTRAINT "FK_9cb83984a876056ed703726edd6" FOREIGN KEY ("runId") REFERENCES "training_run" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
  `CREATE INDEX "IDX_mail_batch_subject" ON "mail_batch" ("kind", "subjectId")`,
  `CREATE TABLE "mail_batch_message" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "batchId" integer NOT NULL, "outboxMessageId" integer NOT NULL, CONSTRAINT "FK_b01ea40f409ffffecc285717372" FOREIGN KEY ("batchId") REFERENCES "mail_batch" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_86615656943a7941827a7808622" FOREIGN KEY ("outboxMessageId") REFERENCES "outbox_message" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
  `CREATE UNIQUE INDEX "UQ_mail_batch_message" ON "mail_batch_message" ("batchId", "outboxMessageId")`,
];

/** SQLite, back. */
const SQLITE_DOWN = [
  `DROP INDEX "UQ_mail_batch_message"`,
  `DROP TABLE "mail_batch_message"`,
  `DROP INDEX "IDX_mail_batch_subject"`,
  `DROP TABLE "mail_batch"`,
];

/** PostgreSQL. */
const POSTGRES_UP = [
  `CREATE TABLE "mail_batch" ("id" SERIAL NOT NULL, "kind" character varying(24) NOT NULL, "runId" integer NOT NULL, "subjectId" integer NOT NULL, "label" character varying(200) NOT NULL, "createdAt" TIMESTAMP NOT NULL, CONSTRAINT "PK_0704a812ede116c5fb42afe3bdb" PRIMARY KEY ("id"))`,
  `CREATE INDEX "IDX_mail_batch_subject" ON "mail_batch" ("kind", "subjectId")`,
  `CREATE TABLE "mail_batch_message" ("id" SERIAL NOT NULL, "batchId" integer NOT NULL, "outboxMessageId" integer NOT NULL, CONSTRAINT "PK_f0199884110cd94f1f841657752" PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "UQ_mail_batch_message" ON "mail_batch_message" ("batchId", "outboxMessageId")`,
  `ALTER TABLE "mail_batch" ADD CONSTRAINT "FK_9cb83984a876056ed703726edd6" FOREIGN KEY ("runId") REFERENCES "training_run"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "mail_batch_message" ADD CONSTRAINT "FK_b01ea40f409ffffecc285717372" FOREIGN KEY ("batchId") REFERENCES "mail_batch"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "mail_batch_message" ADD CONSTRAINT "FK_86615656943a7941827a7808622" FOREIGN KEY ("outboxMessageId") REFERENCES "outbox_message"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
];

/** PostgreSQL, back. */
const POSTGRES_DOWN = [
  `DROP TABLE "mail_batch_message"`,
  `DROP TABLE "mail_batch"`,
];
