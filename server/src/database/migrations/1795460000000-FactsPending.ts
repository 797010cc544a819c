import type { MigrationInterface, QueryRunner } from "typeorm";

export class FactsPending1795460000000 implements MigrationInterface {
    name = 'FactsPending1795460000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "org_settings" ADD "facts_pending_since" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "org_settings" DROP COLUMN "facts_pending_since"`);
    }

}
