import type { MigrationInterface, QueryRunner } from "typeorm";

export class DriftEpisodes1795435463274 implements MigrationInterface {
    name = 'DriftEpisodes1795435463274'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "drift_units" ("unit" text NOT NULL, "unit_kind" text NOT NULL, "repo" text, "pr_number" integer, "session_id" text, "person" text NOT NULL, "agent" boolean NOT NULL, "agent_rule" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8a7bc649a9ed6f67e4b702f7f9d" PRIMARY KEY ("unit"))`);
        await queryRunner.query(`CREATE INDEX "idx_drift_units_started" ON "drift_units"  ("started_at") `);
        await queryRunner.query(`CREATE INDEX "idx_drift_units_session" ON "drift_units"  ("session_id") `);
        await queryRunner.query(`CREATE INDEX "idx_drift_units_repo" ON "drift_units"  ("repo") `);
        await queryRunner.query(`CREATE TABLE "drift_episodes" ("id" text NOT NULL, "unit" text NOT NULL, "unit_kind" text NOT NULL, "repo" text, "pr_number" integer, "session_id" text, "person" text NOT NULL, "agent" boolean NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recovered_at" TIMESTAMP WITH TIME ZONE, "recovery" text, "recovery_ref" text, CONSTRAINT "PK_ecb2d6258ae18937fb014765930" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_drift_episodes_session" ON "drift_episodes"  ("session_id") `);
        await queryRunner.query(`CREATE INDEX "idx_drift_episodes_recovered" ON "drift_episodes"  ("recovered_at") `);
        await queryRunner.query(`CREATE INDEX "idx_drift_episodes_started" ON "drift_episodes"  ("started_at") `);
        await queryRunner.query(`CREATE INDEX "idx_drift_episodes_repo_started" ON "drift_episodes"  ("repo", "started_at") `);
        await queryRunner.query(`CREATE TABLE "drift_signals" ("episode_id" text NOT NULL, "position" integer NOT NULL, "kind" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "detail" text NOT NULL, "ref" text, CONSTRAINT "PK_df3a76532a561dd34a4810b7f15" PRIMARY KEY ("episode_id", "position"))`);
        await queryRunner.query(`CREATE INDEX "idx_drift_signals_kind_at" ON "drift_signals"  ("kind", "at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_drift_signals_kind_at"`);
        await queryRunner.query(`DROP TABLE "drift_signals"`);
        await queryRunner.query(`DROP INDEX "public"."idx_drift_episodes_repo_started"`);
        await queryRunner.query(`DROP INDEX "public"."idx_drift_episodes_started"`);
        await queryRunner.query(`DROP INDEX "public"."idx_drift_episodes_recovered"`);
        await queryRunner.query(`DROP INDEX "public"."idx_drift_episodes_session"`);
        await queryRunner.query(`DROP TABLE "drift_episodes"`);
        await queryRunner.query(`DROP INDEX "public"."idx_drift_units_repo"`);
        await queryRunner.query(`DROP INDEX "public"."idx_drift_units_session"`);
        await queryRunner.query(`DROP INDEX "public"."idx_drift_units_started"`);
        await queryRunner.query(`DROP TABLE "drift_units"`);
    }

}
