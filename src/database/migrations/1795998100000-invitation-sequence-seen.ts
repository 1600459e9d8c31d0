import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * calendar_invitation.highestSequenceSeen: the highest SEQUENCE an attendee's REPLY carried
 * (issue 9 item 17), so later updates go above it. A nullable column: ALTER TABLE ADD COLUMN,
 * no table rebuild. The same statement runs on PostgreSQL.
 */
export class InvitationSequenceSeen1795998100000 implements MigrationInterface {
  name = 'InvitationSequenceSeen1795998100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendar_invitation" ADD COLUMN "highestSequenceSeen" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendar_invitation" DROP COLUMN "highestSequenceSeen"`);
  }
}
