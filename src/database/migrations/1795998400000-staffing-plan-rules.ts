import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: staffing_assignment.moveKind — a rotation out recorded as 交流, 借调 or 借用 (task 13).
 * Existing rotations out were all recorded as 交流. office_profile: approved posts (编制数) and the
 * ground and approval of posts above 4 (task 12). The same statements run on PostgreSQL.
 */
const POST_COLUMNS = [
    '"approvedPosts" integer',
    '"postIncreaseGround" varchar(12)',
    '"postIncreaseNote" text',
    '"postIncreaseApprovedBy" varchar(60)',
    '"postIncreaseApprovedOn" varchar(10)',
    '"postIncreaseReference" varchar(60)',
];

export class StaffingPlanRules1795998400000 implements MigrationInterface {
    name = 'StaffingPlanRules1795998400000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "staffing_assignment" ADD COLUMN "moveKind" varchar(12)`);
        await queryRunner.query(`UPDATE "staffing_assignment" SET "moveKind" = 'exchange' WHERE "kind" = 'rotation' AND "direction" = 'out'`);
        for (const column of POST_COLUMNS) await queryRunner.query(`ALTER TABLE "office_profile" ADD COLUMN ${column}`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const column of POST_COLUMNS) await queryRunner.query(`ALTER TABLE "office_profile" DROP COLUMN ${column.split(' ')[0]}`);
        await queryRunner.query(`ALTER TABLE "staffing_assignment" DROP COLUMN "moveKind"`);
    }
}
