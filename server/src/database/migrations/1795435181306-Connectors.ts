import type { MigrationInterface, QueryRunner } from "typeorm";

export class Connectors1795435181306 implements MigrationInterface {
    name = 'Connectors1795435181306'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "sources" ("id" uuid NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "config" jsonb NOT NULL, "secrets_encrypted" text, "secret_names" text array NOT NULL DEFAULT '{}', "cron" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "status" text NOT NULL DEFAULT 'idle', "cursor" jsonb, "last_run_at" TIMESTAMP WITH TIME ZONE, "last_success_at" TIMESTAMP WITH TIME ZONE, "next_run_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "consecutive_failures" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_85523beafe5a2a6b90b02096443" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_sources_due" ON "sources"  ("next_run_at") WHERE enabled`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_sources_name" ON "sources"  ("name") `);
        await queryRunner.query(`CREATE TABLE "sync_runs" ("id" uuid NOT NULL, "source_id" uuid NOT NULL, "trigger" text NOT NULL, "status" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "cursor_before" jsonb, "cursor_after" jsonb, "records_by_type" jsonb NOT NULL, "error" text, "warnings" jsonb NOT NULL, CONSTRAINT "PK_adf13fff41a683b3b991fb90b11" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_sync_runs_started" ON "sync_runs"  ("started_at") `);
        await queryRunner.query(`CREATE INDEX "idx_sync_runs_source" ON "sync_runs"  ("source_id", "started_at") `);
        await queryRunner.query(`CREATE TABLE "code_owners" ("repo" text NOT NULL, "position" integer NOT NULL, "pattern" text NOT NULL, "owners" text array NOT NULL, "path" text NOT NULL, "sha" text NOT NULL, CONSTRAINT "PK_ec7e34a0da4420ea80ba82a3453" PRIMARY KEY ("repo", "position"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "code_owners"`);
        await queryRunner.query(`DROP INDEX "public"."idx_sync_runs_source"`);
        await queryRunner.query(`DROP INDEX "public"."idx_sync_runs_started"`);
        await queryRunner.query(`DROP TABLE "sync_runs"`);
        await queryRunner.query(`DROP INDEX "public"."uq_sources_name"`);
        await queryRunner.query(`DROP INDEX "public"."idx_sources_due"`);
        await queryRunner.query(`DROP TABLE "sources"`);
    }

}
