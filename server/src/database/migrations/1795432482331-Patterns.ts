import type { MigrationInterface, QueryRunner } from "typeorm";

export class Patterns1795432482331 implements MigrationInterface {
    name = 'Patterns1795432482331'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "pr_citations" ("repo" text NOT NULL, "number" integer NOT NULL, "pattern_key" text NOT NULL, "kind" text NOT NULL, "via" text NOT NULL, CONSTRAINT "PK_fda98fed02dbd1f682f70082953" PRIMARY KEY ("repo", "number", "pattern_key"))`);
        await queryRunner.query(`CREATE INDEX "idx_pr_citations_key" ON "pr_citations"  ("pattern_key") `);
        await queryRunner.query(`CREATE TABLE "pattern_changes" ("id" BIGSERIAL NOT NULL, "key" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "action" text NOT NULL, "by" text, "before" jsonb, "after" jsonb, CONSTRAINT "PK_b659069359f4927c366ab8bedca" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_pattern_changes_key" ON "pattern_changes"  ("key", "at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_pattern_changes_key"`);
        await queryRunner.query(`DROP TABLE "pattern_changes"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pr_citations_key"`);
        await queryRunner.query(`DROP TABLE "pr_citations"`);
    }

}
