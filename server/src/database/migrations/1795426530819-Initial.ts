import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795426530819 implements MigrationInterface {
    name = 'Initial1795426530819'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "commits" ("repo" text NOT NULL, "sha" text NOT NULL, "parents" text array NOT NULL, "author" text NOT NULL, "authored_at" TIMESTAMP WITH TIME ZONE NOT NULL, "committed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "message" text NOT NULL, "files" jsonb, CONSTRAINT "PK_2ee7b041eee96bf2cf0f3af21ec" PRIMARY KEY ("repo", "sha"))`);
        await queryRunner.query(`CREATE INDEX "idx_commits_author" ON "commits"  ("author") `);
        await queryRunner.query(`CREATE INDEX "idx_commits_repo_authored" ON "commits"  ("repo", "authored_at") `);
        await queryRunner.query(`CREATE TABLE "pull_requests" ("repo" text NOT NULL, "number" integer NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "author" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "base_branch" text NOT NULL, "head_branch" text NOT NULL, "merge_sha" text, "commits" text array, "labels" text array, CONSTRAINT "PK_66ad877808f25b6758c69f9acf1" PRIMARY KEY ("repo", "number"))`);
        await queryRunner.query(`CREATE INDEX "idx_pull_requests_merge_sha" ON "pull_requests"  ("repo", "merge_sha") `);
        await queryRunner.query(`CREATE INDEX "idx_pull_requests_repo_created" ON "pull_requests"  ("repo", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_pull_requests_repo_merged" ON "pull_requests"  ("repo", "merged_at") `);
        await queryRunner.query(`CREATE TABLE "pr_events" ("repo" text NOT NULL, "number" integer NOT NULL, "id" text NOT NULL, "kind" text NOT NULL, "label" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text, CONSTRAINT "PK_a07200caf8418da45024e5835e5" PRIMARY KEY ("repo", "number", "id"))`);
        await queryRunner.query(`CREATE INDEX "idx_pr_events_at" ON "pr_events"  ("repo", "at") `);
        await queryRunner.query(`CREATE TABLE "reviews" ("repo" text NOT NULL, "number" integer NOT NULL, "id" text NOT NULL, "reviewer" text NOT NULL, "state" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f3eff5a6d8ffbb75b415f2a040d" PRIMARY KEY ("repo", "number", "id"))`);
        await queryRunner.query(`CREATE INDEX "idx_reviews_repo_submitted" ON "reviews"  ("repo", "submitted_at") `);
        await queryRunner.query(`CREATE TABLE "ci_runs" ("repo" text NOT NULL, "id" text NOT NULL, "workflow" text NOT NULL, "job" text, "branch" text NOT NULL, "sha" text NOT NULL, "pr" integer, "status" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_39b7b45177d47965ed7a7821445" PRIMARY KEY ("repo", "id"))`);
        await queryRunner.query(`CREATE INDEX "idx_ci_runs_repo_finished" ON "ci_runs"  ("repo", "finished_at") `);
        await queryRunner.query(`CREATE INDEX "idx_ci_runs_branch" ON "ci_runs"  ("repo", "branch", "finished_at") `);
        await queryRunner.query(`CREATE TABLE "deployments" ("id" text NOT NULL, "service" text NOT NULL, "repo" text, "environment" text NOT NULL, "sha" text, "status" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rollback" boolean, "failed" boolean, CONSTRAINT "PK_1e5627acb3c950deb83fe98fc48" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_deployments_finished" ON "deployments"  ("finished_at") `);
        await queryRunner.query(`CREATE INDEX "idx_deployments_repo_finished" ON "deployments"  ("repo", "finished_at") `);
        await queryRunner.query(`CREATE INDEX "idx_deployments_service_finished" ON "deployments"  ("service", "finished_at") `);
        await queryRunner.query(`CREATE TABLE "incidents" ("id" text NOT NULL, "service" text, "squad" text, "title" text NOT NULL, "severity" text, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "caused_by" jsonb, CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_incidents_resolved" ON "incidents"  ("resolved_at") `);
        await queryRunner.query(`CREATE INDEX "idx_incidents_opened" ON "incidents"  ("opened_at") `);
        await queryRunner.query(`CREATE INDEX "idx_incidents_service_opened" ON "incidents"  ("service", "opened_at") `);
        await queryRunner.query(`CREATE TABLE "agent_sessions" ("id" text NOT NULL, "agent" text NOT NULL, "repo" text, "pr" integer, "branch" text, "task" text, "scope_paths" text array, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "PK_56f9e856ca24a6064c903044605" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_agent_sessions_agent" ON "agent_sessions"  ("agent") `);
        await queryRunner.query(`CREATE INDEX "idx_agent_sessions_repo_started" ON "agent_sessions"  ("repo", "started_at") `);
        await queryRunner.query(`CREATE TABLE "agent_session_events" ("session" text NOT NULL, "id" text NOT NULL, "kind" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "by" text, "note" text, CONSTRAINT "PK_e9f7182fa5f3d4fd38c65c72aec" PRIMARY KEY ("session", "id"))`);
        await queryRunner.query(`CREATE INDEX "idx_agent_session_events_at" ON "agent_session_events"  ("at") `);
        await queryRunner.query(`CREATE TABLE "raw_events" ("id" BIGSERIAL NOT NULL, "source" text NOT NULL, "external_id" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "payload" jsonb NOT NULL, CONSTRAINT "PK_5da37c4a4297afca88e18072385" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_raw_events_received" ON "raw_events"  ("received_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_raw_events_source_external" ON "raw_events"  ("source", "external_id") `);
        await queryRunner.query(`CREATE TABLE "org_settings" ("id" smallint NOT NULL DEFAULT '1', "name" text NOT NULL DEFAULT 'Bearing', "time_zone" text NOT NULL DEFAULT 'UTC', "production_pattern" text NOT NULL DEFAULT '^(prod|production|live)$', "demo_seeded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3726dc3a3dfdcd4f0d95b330789" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "groups" ("key" text NOT NULL, "name" text NOT NULL, "parent" text, CONSTRAINT "PK_4d9379a258d35fbbc78213c8912" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE INDEX "idx_groups_parent" ON "groups"  ("parent") `);
        await queryRunner.query(`CREATE TABLE "squads" ("key" text NOT NULL, "name" text NOT NULL, "group_key" text, CONSTRAINT "PK_d93127346fdf06954e59970c01d" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE INDEX "idx_squads_group" ON "squads"  ("group_key") `);
        await queryRunner.query(`CREATE TABLE "people" ("key" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "emails" text array, "logins" jsonb, "squads" text array, "roles" text array, "time_zone" text, CONSTRAINT "PK_d51f7dce82311611704de0184d2" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE TABLE "services" ("key" text NOT NULL, "name" text NOT NULL, "squads" text array NOT NULL, "repositories" text array, CONSTRAINT "PK_18e9a1a97802480fcbc4f5bfb73" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE TABLE "repositories" ("key" text NOT NULL, "url" text, "squads" text array NOT NULL, "default_branch" text, CONSTRAINT "PK_0fcf0910370f135efc4864d1c2c" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE TABLE "patterns" ("key" text NOT NULL, "title" text NOT NULL, "status" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE, "retired_at" TIMESTAMP WITH TIME ZONE, "replaced_by" text, "migration_note" text, "path" text, CONSTRAINT "PK_14dcb7f15a8d6271a47aed432c9" PRIMARY KEY ("key"))`);
        // GIN indexes for ownership look-ups (declared with synchronize: false on the entities)
        await queryRunner.query(`CREATE INDEX "idx_people_squads" ON "people" USING gin ("squads")`);
        await queryRunner.query(`CREATE INDEX "idx_people_emails" ON "people" USING gin ("emails")`);
        await queryRunner.query(`CREATE INDEX "idx_services_squads" ON "services" USING gin ("squads")`);
        await queryRunner.query(`CREATE INDEX "idx_repositories_squads" ON "repositories" USING gin ("squads")`);
        await queryRunner.query(`INSERT INTO "org_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_people_squads"`);
        await queryRunner.query(`DROP INDEX "idx_people_emails"`);
        await queryRunner.query(`DROP INDEX "idx_services_squads"`);
        await queryRunner.query(`DROP INDEX "idx_repositories_squads"`);
        await queryRunner.query(`DROP TABLE "patterns"`);
        await queryRunner.query(`DROP TABLE "repositories"`);
        await queryRunner.query(`DROP TABLE "services"`);
        await queryRunner.query(`DROP TABLE "people"`);
        await queryRunner.query(`DROP INDEX "public"."idx_squads_group"`);
        await queryRunner.query(`DROP TABLE "squads"`);
        await queryRunner.query(`DROP INDEX "public"."idx_groups_parent"`);
        await queryRunner.query(`DROP TABLE "groups"`);
        await queryRunner.query(`DROP TABLE "org_settings"`);
        await queryRunner.query(`DROP INDEX "public"."uq_raw_events_source_external"`);
        await queryRunner.query(`DROP INDEX "public"."idx_raw_events_received"`);
        await queryRunner.query(`DROP TABLE "raw_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_session_events_at"`);
        await queryRunner.query(`DROP TABLE "agent_session_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_sessions_repo_started"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_sessions_agent"`);
        await queryRunner.query(`DROP TABLE "agent_sessions"`);
        await queryRunner.query(`DROP INDEX "public"."idx_incidents_service_opened"`);
        await queryRunner.query(`DROP INDEX "public"."idx_incidents_opened"`);
        await queryRunner.query(`DROP INDEX "public"."idx_incidents_resolved"`);
        await queryRunner.query(`DROP TABLE "incidents"`);
        await queryRunner.query(`DROP INDEX "public"."idx_deployments_service_finished"`);
        await queryRunner.query(`DROP INDEX "public"."idx_deployments_repo_finished"`);
        await queryRunner.query(`DROP INDEX "public"."idx_deployments_finished"`);
        await queryRunner.query(`DROP TABLE "deployments"`);
        await queryRunner.query(`DROP INDEX "public"."idx_ci_runs_branch"`);
        await queryRunner.query(`DROP INDEX "public"."idx_ci_runs_repo_finished"`);
        await queryRunner.query(`DROP TABLE "ci_runs"`);
        await queryRunner.query(`DROP INDEX "public"."idx_reviews_repo_submitted"`);
        await queryRunner.query(`DROP TABLE "reviews"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pr_events_at"`);
        await queryRunner.query(`DROP TABLE "pr_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pull_requests_repo_merged"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pull_requests_repo_created"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pull_requests_merge_sha"`);
        await queryRunner.query(`DROP TABLE "pull_requests"`);
        await queryRunner.query(`DROP INDEX "public"."idx_commits_repo_authored"`);
        await queryRunner.query(`DROP INDEX "public"."idx_commits_author"`);
        await queryRunner.query(`DROP TABLE "commits"`);
    }

}
