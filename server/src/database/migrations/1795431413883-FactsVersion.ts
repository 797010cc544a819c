import type { MigrationInterface, QueryRunner } from "typeorm";

export class FactsVersion1795431413883 implements MigrationInterface {
    name = 'FactsVersion1795431413883'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "org_settings" ADD "facts_version" bigint NOT NULL DEFAULT '0'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "org_settings" DROP COLUMN "facts_version"`);
    }

}
