import type { MigrationInterface, QueryRunner } from "typeorm";

export class MetricFacts1795428823005 implements MigrationInterface {
    name = 'MetricFacts1795428823005'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "deployment_facts" ("deployment_id" text NOT NULL, "service" text NOT NULL, "repo" text, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, "counted" boolean NOT NULL, "rollback" boolean NOT NULL, "rollback_rule" text, "failed" boolean NOT NULL, "failure_rules" text array, "failure_started_at" TIMESTAMP WITH TIME ZONE, "recovered_at" TIMESTAMP WITH TIME ZONE, "recovery_rule" text, "rework" boolean NOT NULL, "rework_rules" text array, "changes_shipped" integer NOT NULL, "shipping_rule" text, "detail" jsonb, CONSTRAINT "PK_0e64873f4fd043235e0f51371e8" PRIMARY KEY ("deployment_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_deployment_facts_recovered" ON "deployment_facts"  ("recovered_at") `);
        await queryRunner.query(`CREATE INDEX "idx_deployment_facts_service" ON "deployment_facts"  ("service", "finished_at") `);
        await queryRunner.query(`CREATE INDEX "idx_deployment_facts_finished" ON "deployment_facts"  ("finished_at") `);
        await queryRunner.query(`CREATE TABLE "change_facts" ("repo" text NOT NULL, "change_key" text NOT NULL, "deployment_id" text NOT NULL, "service" text NOT NULL, "pr_number" integer, "shas" text array NOT NULL, "author" text, "agent" boolean NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE, "first_review_at" TIMESTAMP WITH TIME ZONE, "merged_at" TIMESTAMP WITH TIME ZONE, "deployed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lead_time_s" double precision NOT NULL, "coding_s" double precision, "pickup_s" double precision, "review_s" double precision, "deploy_s" double precision, "rule" text NOT NULL, "labels" text array, CONSTRAINT "PK_63df38f887018711a3d936b277a" PRIMARY KEY ("repo", "change_key"))`);
        await queryRunner.query(`CREATE INDEX "idx_change_facts_deployed" ON "change_facts"  ("deployed_at") `);
        await queryRunner.query(`CREATE INDEX "idx_change_facts_deployment" ON "change_facts"  ("deployment_id") `);
        await queryRunner.query(`CREATE TABLE "incident_facts" ("incident_id" text NOT NULL, "deployment_id" text, "rule" text NOT NULL, "detail" jsonb, CONSTRAINT "PK_9571f111e7d0b38df25c52e2833" PRIMARY KEY ("incident_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_incident_facts_deployment" ON "incident_facts"  ("deployment_id") `);
        await queryRunner.query(`CREATE TABLE "pr_facts" ("repo" text NOT NULL, "number" integer NOT NULL, "author" text NOT NULL, "agent" boolean NOT NULL, "agent_rule" text, "bot" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE, "first_review_at" TIMESTAMP WITH TIME ZONE, "first_reviewer" text, "incident_refs" text array, CONSTRAINT "PK_ce7f6e06c3312ca695350460fe9" PRIMARY KEY ("repo", "number"))`);
        await queryRunner.query(`CREATE INDEX "idx_pr_facts_created" ON "pr_facts"  ("created_at") `);
        await queryRunner.query(`CREATE TABLE "review_facts" ("repo" text NOT NULL, "number" integer NOT NULL, "id" text NOT NULL, "reviewer" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "counted" boolean NOT NULL, "practice_lead" boolean NOT NULL, CONSTRAINT "PK_22061d10d8812d2ecd6ea8a81e8" PRIMARY KEY ("repo", "number", "id"))`);
        await queryRunner.query(`CREATE INDEX "idx_review_facts_submitted" ON "review_facts"  ("submitted_at") `);
        await queryRunner.query(`CREATE TABLE "commit_facts" ("repo" text NOT NULL, "sha" text NOT NULL, "author" text NOT NULL, "human" boolean NOT NULL, "authored_at" TIMESTAMP WITH TIME ZONE NOT NULL, "out_of_hours" boolean NOT NULL, "time_zone" text NOT NULL, CONSTRAINT "PK_810602592721a7cfd11854c582a" PRIMARY KEY ("repo", "sha"))`);
        await queryRunner.query(`CREATE INDEX "idx_commit_facts_authored" ON "commit_facts"  ("authored_at") `);
        await queryRunner.query(`CREATE TABLE "metric_targets" ("scope" text NOT NULL, "metric" text NOT NULL, "op" text NOT NULL, "value" double precision NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e7404601bbdea217a87e41575ba" PRIMARY KEY ("scope", "metric"))`);
        await queryRunner.query(`CREATE TABLE "service_settings" ("service" text NOT NULL, "attribution_window_s" integer, CONSTRAINT "PK_12f99211354457c3346c2da1221" PRIMARY KEY ("service"))`);
        await queryRunner.query(`ALTER TABLE "org_settings" ADD "rules" jsonb`);
        // GIN index for "which deployment shipped this SHA" (declared with synchronize: false)
        await queryRunner.query(`CREATE INDEX "idx_change_facts_sha" ON "change_facts" USING gin ("shas")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_change_facts_sha"`);
        await queryRunner.query(`ALTER TABLE "org_settings" DROP COLUMN "rules"`);
        await queryRunner.query(`DROP TABLE "service_settings"`);
        await queryRunner.query(`DROP TABLE "metric_targets"`);
        await queryRunner.query(`DROP INDEX "public"."idx_commit_facts_authored"`);
        await queryRunner.query(`DROP TABLE "commit_facts"`);
        await queryRunner.query(`DROP INDEX "public"."idx_review_facts_submitted"`);
        await queryRunner.query(`DROP TABLE "review_facts"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pr_facts_created"`);
        await queryRunner.query(`DROP TABLE "pr_facts"`);
        await queryRunner.query(`DROP INDEX "public"."idx_incident_facts_deployment"`);
        await queryRunner.query(`DROP TABLE "incident_facts"`);
        await queryRunner.query(`DROP INDEX "public"."idx_change_facts_deployment"`);
        await queryRunner.query(`DROP INDEX "public"."idx_change_facts_deployed"`);
        await queryRunner.query(`DROP TABLE "change_facts"`);
        await queryRunner.query(`DROP INDEX "public"."idx_deployment_facts_finished"`);
        await queryRunner.query(`DROP INDEX "public"."idx_deployment_facts_service"`);
        await queryRunner.query(`DROP INDEX "public"."idx_deployment_facts_recovered"`);
        await queryRunner.query(`DROP TABLE "deployment_facts"`);
    }

}
