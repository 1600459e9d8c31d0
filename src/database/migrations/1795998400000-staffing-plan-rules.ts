import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: staffing_assignment.moveKind — a rotation out recorded as 交流, 借调 or 借用 (task 13).
 * Existing rotations out were all recorded as 交流.
 */
export class StaffingPlanRules1795998400000 implements MigrationInterface {
    name = 'StaffingPlanRules1795998400000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "staffing_assignment" ADD COLUMN "moveKind" varchar(12)`);
        await queryRunner.query(`UPDATE "staffing_assignment" SET "moveKind" = 'exchange' WHERE "kind" = 'rotation' AND "direction" = 'out'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "staffing_assignment" DROP COLUMN "moveKind"`);
    }
}
