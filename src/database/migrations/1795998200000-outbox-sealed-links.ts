import { MigrationInterface, QueryRunner } from 'typeorm';
import { param } from './dialect';

/** A personal link as the old outbox stored it in clear: `/r/` and 43 base64url characters. */
const CLEAR_LINK = /https?:\/\/[^\s"'<>]*\/r\/[A-Za-z0-9_-]{43}/g;
const PLACEHOLDER = '[[PERSONAL_LINK]]';
const LEGACY_ERROR = '升级前排队的个人链接邮件：链接曾以明文保存，已从邮件中删除，无法发送；请在人员列表中补发链接。';

/**
 * Personal links leave the outbox bodies (issue 9 item 5): outbox_message.sealedSecret holds a
 * link sealed with AES-256-GCM until it is sent. Links stored in clear by earlier versions are
 * replaced by the placeholder; such a message not yet sent can no longer be sent (no sealed
 * copy) and is marked failed with the reason, to be re-issued from the participant list.
 */
export class OutboxSealedLinks1795998200000 implements MigrationInterface {
  name = 'OutboxSealedLinks1795998200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD COLUMN "sealedSecret" text`);
    const rows: { id: number; status: string; textBody: string; htmlBody: string }[] = await queryRunner.query(
      `SELECT id, status, "textBody", "htmlBody" FROM "outbox_message" WHERE kind = 'personal-link'`,
    );
    const p = (n: number) => param(queryRunner, n);
    for (const row of rows) {
      const textBody = row.textBody.replace(CLEAR_LINK, PLACEHOLDER);
      const htmlBody = row.htmlBody.replace(CLEAR_LINK, PLACEHOLDER);
      if (textBody === row.textBody && htmlBody === row.htmlBody) continue;
      const unsent = row.status === 'pending' || row.status === 'sending' || row.status === 'failed';
      await queryRunner.query(`UPDATE "outbox_message" SET "textBody" = ${p(1)}, "htmlBody" = ${p(2)} WHERE id = ${p(3)}`, [textBody, htmlBody, row.id]);
      if (unsent) {
        await queryRunner.query(`UPDATE "outbox_message" SET status = 'failed', "lastError" = ${p(1)}, "claimedUntil" = NULL WHERE id = ${p(2)}`, [LEGACY_ERROR, row.id]);
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "sealedSecret"`);
  }
}
