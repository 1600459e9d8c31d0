import { MigrationInterface, QueryRunner } from 'typeorm';
import { onPostgres, runAll } from './dialect';

/** The first schema: roster, training run and sessions, registrations, invitations, outbox, organiser accounts. */
export class Initial1795987737816 implements MigrationInterface {
  name = 'Initial1795987737816';

  public async up(queryRunner: QueryRunner): Promise<void> {
      if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_UP);
      await queryRunner.query(`CREATE TABLE "district" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(6) NOT NULL, "name" varchar(50) NOT NULL, CONSTRAINT "UQ_fbfe5cb0d22c2be8c9a9fff5b6b" UNIQUE ("code"))`);
      await queryRunner.query(`CREATE TABLE "judicial_office" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(9) NOT NULL, "unitName" varchar(50) NOT NULL, "kind" varchar(12) NOT NULL, "districtId" integer NOT NULL, CONSTRAINT "UQ_16b1da44e8c879adfe29d13b54e" UNIQUE ("code"), CONSTRAINT "FK_881e62edf227160f47cdd07186e" FOREIGN KEY ("districtId") REFERENCES "district" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
      await queryRunner.query(`CREATE TABLE "post" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(32) NOT NULL, "unitCode" varchar(9) NOT NULL, "districtId" integer NOT NULL, "officeId" integer, CONSTRAINT "FK_383f6ab8f7e5b6641b1c425d2f1" FOREIGN KEY ("districtId") REFERENCES "district" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_de297b04c67283bc174e3d41ed8" FOREIGN KEY ("officeId") REFERENCES "judicial_office" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
      await queryRunner.query(`CREATE UNIQUE INDEX "IDX_45b307e30382ff9b55cf24a3c9" ON "post" ("unitCode", "kind")`);
      await queryRunner.query(`CREATE TABLE "participant" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "postId" integer NOT NULL, "name" varchar(50) NOT NULL, "mobile" varchar(20) NOT NULL, "email" varchar(254) NOT NULL, "isDemo" boolean NOT NULL DEFAULT (0), "tokenHash" varchar(64), "tokenIssuedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_d1af7e8f1d928d1c9ab44b547a0" UNIQUE ("postId"), CONSTRAINT "UQ_f79b360ddd7e02e579a3c8f49a9" UNIQUE ("email"), CONSTRAINT "UQ_5531e245a7095a43dcfea2fdfb2" UNIQUE ("tokenHash"), CONSTRAINT "FK_d1af7e8f1d928d1c9ab44b547a0" FOREIGN KEY ("postId") REFERENCES "post" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
      await queryRunner.query(`CREATE TABLE "training_run" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "slug" varchar(64) NOT NULL, "title" varchar(100) NOT NULL, "topics" text NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('draft'), "registrationDeadline" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_be38d4986e98c497159da80acf1" UNIQUE ("slug"))`);
      await queryRunner.query(`CREATE TABLE "training_session" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "runId" integer NOT NULL, "ordinal" integer NOT NULL, "title" varchar(100) NOT NULL, "firstDay" varchar(10) NOT NULL, "dayCount" integer NOT NULL DEFAULT (2), "dailyStart" varchar(5) NOT NULL, "dailyEnd" varchar(5) NOT NULL, "venue" varchar(200) NOT NULL, "capacity" integer NOT NULL, "confirmedCount" integer NOT NULL DEFAULT (0), "status" varchar(10) NOT NULL DEFAULT ('scheduled'), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "CHK_9380cae87e0fbc9d94f90465d2" CHECK ("confirmedCount" >= 0 AND "confirmedCount" <= "capacity"), CONSTRAINT "FK_f67d81434eb850762effbec7c8c" FOREIGN KEY ("runId") REFERENCES "training_run" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
      await queryRunner.query(`CREATE TABLE "registration" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "runId" integer NOT NULL, "participantId" integer NOT NULL, "sessionId" integer, "status" varchar(12) NOT NULL, "preferences" text NOT NULL, "queuedAt" datetime, "updatedBy" varchar(12) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_80e7694a646d3a93fe01d56d4b1" FOREIGN KEY ("runId") REFERENCES "training_run" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_e2fdedb8eeb9d5b4b13be675018" FOREIGN KEY ("participantId") REFERENCES "participant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_e6b2d7c4c0c8834cef1d9013ae3" FOREIGN KEY ("sessionId") REFERENCES "training_session" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
      await queryRunner.query(`CREATE INDEX "IDX_8d1caff3e8e15dfb44ba3945a6" ON "registration" ("runId", "status", "queuedAt")`);
      await queryRunner.query(`CREATE UNIQUE INDEX "UQ_registration_active" ON "registration" ("runId", "participantId") WHERE "status" <> 'cancelled'`);
      await queryRunner.query(`CREATE TABLE "calendar_invitation" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "participantId" integer NOT NULL, "sessionId" integer NOT NULL, "uid" varchar(200) NOT NULL, "sequence" integer NOT NULL DEFAULT (0), "state" varchar(10) NOT NULL, CONSTRAINT "UQ_de06e10d2ae62122ddc0b5953f4" UNIQUE ("uid"))`);
      await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1ba6860a42801b78822aa6009b" ON "calendar_invitation" ("participantId", "sessionId")`);
      await queryRunner.query(`CREATE TABLE "outbox_message" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "messageId" varchar(200) NOT NULL, "kind" varchar(20) NOT NULL, "recipientAddress" varchar(254) NOT NULL, "recipientName" varchar(100) NOT NULL, "subject" varchar(300) NOT NULL, "textBody" text NOT NULL, "htmlBody" text NOT NULL, "calendarMethod" varchar(10), "calendarContent" text, "calendarUid" varchar(200), "status" varchar(12) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime NOT NULL, "claimedUntil" datetime, "lastError" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "sentAt" datetime, CONSTRAINT "UQ_742ae82e639587a57cecb338d16" UNIQUE ("messageId"))`);
      await queryRunner.query(`CREATE INDEX "IDX_60dc4528ae00ce2e177887509b" ON "outbox_message" ("recipientAddress", "id")`);
      await queryRunner.query(`CREATE INDEX "IDX_77c1875845c0e4b7159770b023" ON "outbox_message" ("status", "nextAttemptAt")`);
      await queryRunner.query(`CREATE TABLE "organiser_account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "username" varchar(64) NOT NULL, "passwordHash" varchar(300) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_96bdfd40a7943c3f36c63fda418" UNIQUE ("username"))`);
      await queryRunner.query(`CREATE TABLE "login_session" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "tokenHash" varchar(64) NOT NULL, "accountId" integer NOT NULL, "expiresAt" datetime NOT NULL, CONSTRAINT "UQ_369ba3db489a620138b4a8e8cfb" UNIQUE ("tokenHash"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
      if (onPostgres(queryRunner)) return runAll(queryRunner, POSTGRES_DOWN);
      await queryRunner.query(`DROP TABLE "login_session"`);
      await queryRunner.query(`DROP TABLE "organiser_account"`);
      await queryRunner.query(`DROP TABLE "outbox_message"`);
      await queryRunner.query(`DROP TABLE "calendar_invitation"`);
      await queryRunner.query(`DROP TABLE "registration"`);
      await queryRunner.query(`DROP TABLE "training_session"`);
      await queryRunner.query(`DROP TABLE "training_run"`);
      await queryRunner.query(`DROP TABLE "participant"`);
      await queryRunner.query(`DROP TABLE "post"`);
      await queryRunner.query(`DROP TABLE "judicial_office"`);
      await queryRunner.query(`DROP TABLE "district"`);
  }
}

/** The same schema change on PostgreSQL. */
const POSTGRES_UP = [
  `CREATE TABLE "district" ("id" SERIAL NOT NULL, "code" character varying(6) NOT NULL, "name" character varying(50) NOT NULL, CONSTRAINT "UQ_fbfe5cb0d22c2be8c9a9fff5b6b" UNIQUE ("code"), CONSTRAINT "PK_ee5cb6fd5223164bb87ea693f1e" PRIMARY KEY ("id"))`,
  `CREATE TABLE "judicial_office" ("id" SERIAL NOT NULL, "code" character varying(9) NOT NULL, "unitName" character varying(50) NOT NULL, "kind" character varying(12) NOT NULL, "districtId" integer NOT NULL, CONSTRAINT "UQ_16b1da44e8c879adfe29d13b54e" UNIQUE ("code"), CONSTRAINT "PK_cf62cca650508e9794df070b187" PRIMARY KEY ("id"))`,
  `CREATE TABLE "post" ("id" SERIAL NOT NULL, "kind" character varying(32) NOT NULL, "unitCode" character varying(9) NOT NULL, "districtId" integer NOT NULL, "officeId" integer, CONSTRAINT "PK_be5fda3aac270b134ff9c21cdee" PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "IDX_45b307e30382ff9b55cf24a3c9" ON "post" ("unitCode", "kind")`,
  `CREATE TABLE "participant" ("id" SERIAL NOT NULL, "postId" integer NOT NULL, "name" character varying(50) NOT NULL, "mobile" character varying(20) NOT NULL, "email" character varying(254) NOT NULL, "isDemo" boolean NOT NULL DEFAULT false, "tokenHash" character varying(64), "tokenIssuedAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_d1af7e8f1d928d1c9ab44b547a0" UNIQUE ("postId"), CONSTRAINT "UQ_f79b360ddd7e02e579a3c8f49a9" UNIQUE ("email"), CONSTRAINT "UQ_5531e245a7095a43dcfea2fdfb2" UNIQUE ("tokenHash"), CONSTRAINT "PK_64da4237f502041781ca15d4c41" PRIMARY KEY ("id"))`,
  `CREATE TABLE "training_run" ("id" SERIAL NOT NULL, "slug" character varying(64) NOT NULL, "title" character varying(100) NOT NULL, "topics" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'draft', "registrationDeadline" TIMESTAMP NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_be38d4986e98c497159da80acf1" UNIQUE ("slug"), CONSTRAINT "PK_82588959d8d32af6b3b47c25fdd" PRIMARY KEY ("id"))`,
  `CREATE TABLE "training_session" ("id" SERIAL NOT NULL, "runId" integer NOT NULL, "ordinal" integer NOT NULL, "title" character varying(100) NOT NULL, "firstDay" character varying(10) NOT NULL, "dayCount" integer NOT NULL DEFAULT '2', "dailyStart" character varying(5) NOT NULL, "dailyEnd" character varying(5) NOT NULL, "venue" character varying(200) NOT NULL, "capacity" integer NOT NULL, "confirmedCount" integer NOT NULL DEFAULT '0', "status" character varying(10) NOT NULL DEFAULT 'scheduled', "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "CHK_9380cae87e0fbc9d94f90465d2" CHECK ("confirmedCount" >= 0 AND "confirmedCount" <= "capacity"), CONSTRAINT "PK_a17a9657ff5a6e048bfd82c4651" PRIMARY KEY ("id"))`,
  `CREATE TABLE "registration" ("id" SERIAL NOT NULL, "runId" integer NOT NULL, "participantId" integer NOT NULL, "sessionId" integer, "status" character varying(12) NOT NULL, "preferences" text NOT NULL, "queuedAt" TIMESTAMP, "updatedBy" character varying(12) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_cb23dc9d28df8801b15e9e2b8d6" PRIMARY KEY ("id"))`,
  `CREATE INDEX "IDX_8d1caff3e8e15dfb44ba3945a6" ON "registration" ("runId", "status", "queuedAt")`,
  `CREATE UNIQUE INDEX "UQ_registration_active" ON "registration" ("runId", "participantId") WHERE "status" <> 'cancelled'`,
  `CREATE TABLE "calendar_invitation" ("id" SERIAL NOT NULL, "participantId" integer NOT NULL, "sessionId" integer NOT NULL, "uid" character varying(200) NOT NULL, "sequence" integer NOT NULL DEFAULT '0', "state" character varying(10) NOT NULL, CONSTRAINT "UQ_de06e10d2ae62122ddc0b5953f4" UNIQUE ("uid"), CONSTRAINT "PK_a4c7019f440d5a93d3c1c7077f0" PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "IDX_1ba6860a42801b78822aa6009b" ON "calendar_invitation" ("participantId", "sessionId")`,
  `CREATE TABLE "outbox_message" ("id" SERIAL NOT NULL, "messageId" character varying(200) NOT NULL, "kind" character varying(20) NOT NULL, "recipientAddress" character varying(254) NOT NULL, "recipientName" character varying(100) NOT NULL, "subject" character varying(300) NOT NULL, "textBody" text NOT NULL, "htmlBody" text NOT NULL, "calendarMethod" character varying(10), "calendarContent" text, "calendarUid" character varying(200), "status" character varying(12) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "nextAttemptAt" TIMESTAMP NOT NULL, "claimedUntil" TIMESTAMP, "lastError" text, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "sentAt" TIMESTAMP, CONSTRAINT "UQ_742ae82e639587a57cecb338d16" UNIQUE ("messageId"), CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`,
  `CREATE INDEX "IDX_60dc4528ae00ce2e177887509b" ON "outbox_message" ("recipientAddress", "id")`,
  `CREATE INDEX "IDX_77c1875845c0e4b7159770b023" ON "outbox_message" ("status", "nextAttemptAt")`,
  `CREATE TABLE "organiser_account" ("id" SERIAL NOT NULL, "username" character varying(64) NOT NULL, "passwordHash" character varying(300) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_96bdfd40a7943c3f36c63fda418" UNIQUE ("username"), CONSTRAINT "PK_e53e5f5126112229fa99406e976" PRIMARY KEY ("id"))`,
  `CREATE TABLE "login_session" ("id" SERIAL NOT NULL, "tokenHash" character varying(64) NOT NULL, "accountId" integer NOT NULL, "expiresAt" TIMESTAMP NOT NULL, CONSTRAINT "UQ_369ba3db489a620138b4a8e8cfb" UNIQUE ("tokenHash"), CONSTRAINT "PK_705d252226d51c48c6368d52855" PRIMARY KEY ("id"))`,
  `ALTER TABLE "judicial_office" ADD CONSTRAINT "FK_881e62edf227160f47cdd07186e" FOREIGN KEY ("districtId") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
  `ALTER TABLE "post" ADD CONSTRAINT "FK_383f6ab8f7e5b6641b1c425d2f1" FOREIGN KEY ("districtId") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
  `ALTER TABLE "post" ADD CONSTRAINT "FK_de297b04c67283bc174e3d41ed8" FOREIGN KEY ("officeId") REFERENCES "judicial_office"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
  `ALTER TABLE "participant" ADD CONSTRAINT "FK_d1af7e8f1d928d1c9ab44b547a0" FOREIGN KEY ("postId") REFERENCES "post"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
  `ALTER TABLE "training_session" ADD CONSTRAINT "FK_f67d81434eb850762effbec7c8c" FOREIGN KEY ("runId") REFERENCES "training_run"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "registration" ADD CONSTRAINT "FK_80e7694a646d3a93fe01d56d4b1" FOREIGN KEY ("runId") REFERENCES "training_run"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "registration" ADD CONSTRAINT "FK_e2fdedb8eeb9d5b4b13be675018" FOREIGN KEY ("participantId") REFERENCES "participant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "registration" ADD CONSTRAINT "FK_e6b2d7c4c0c8834cef1d9013ae3" FOREIGN KEY ("sessionId") REFERENCES "training_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
];

const POSTGRES_DOWN = [
  `DROP TABLE "login_session"`,
  `DROP TABLE "organiser_account"`,
  `DROP TABLE "outbox_message"`,
  `DROP TABLE "calendar_invitation"`,
  `DROP TABLE "registration"`,
  `DROP TABLE "training_session"`,
  `DROP TABLE "training_run"`,
  `DROP TABLE "participant"`,
  `DROP TABLE "post"`,
  `DROP TABLE "judicial_office"`,
  `DROP TABLE "district"`,
];
