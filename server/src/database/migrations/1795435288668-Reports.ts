import type { MigrationInterface, QueryRunner } from "typeorm";

export class Reports1795435288668 implements MigrationInterface {
    name = 'Reports1795435288668'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "reports" ("id" uuid NOT NULL, "month" text NOT NULL, "scope" text NOT NULL, "scope_name" text NOT NULL, "status" text NOT NULL, "trigger" text NOT NULL, "generated_at" TIMESTAMP WITH TIME ZONE, "error" text, "pdf_bytes" integer, "csv_bytes" integer, "definitions_version" text NOT NULL, "storage" text NOT NULL DEFAULT 'db', "pdf" bytea, "csv" bytea, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_reports_month_scope" UNIQUE ("month", "scope"), CONSTRAINT "PK_d9013193989303580053c0b5ef6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "report_schedule_claims" ("month" text NOT NULL, "scope" text NOT NULL, "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_by" text NOT NULL, CONSTRAINT "PK_a59595063477f0d2cb8cf68e5a4" PRIMARY KEY ("month", "scope"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "report_schedule_claims"`);
        await queryRunner.query(`DROP TABLE "reports"`);
    }

}
