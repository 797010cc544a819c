import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReportView } from '@bearing/shared';

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const VIEW = `id, month, scope, scope_name AS "scopeName", status, trigger, ${ISO('generated_at')} AS "generatedAt", error,
  pdf_bytes AS "pdfBytes", csv_bytes AS "csvBytes", definitions_version AS "definitionsVersion"`;

export type StoredReport = ReportView & { storage: 'db' | 'dir' };

/** SQL of the monthly reviews and the schedule's claims. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reviews, newest month first; `scopes` limits them to these scope strings (null = all). */
  async list(scopes: string[] | null): Promise<ReportView[]> {
    return (await this.dataSource.query(
      `SELECT ${VIEW} FROM reports WHERE ($1::text[] IS NULL OR scope = ANY($1::text[]))
       ORDER BY month DESC, CASE WHEN scope = 'org' THEN 0 WHEN scope LIKE 'group:%' THEN 1 ELSE 2 END, scope_name, scope`,
      [scopes],
    )) as ReportView[];
  }

  async find(id: string): Promise<StoredReport | null> {
    const rows = (await this.dataSource.query(`SELECT ${VIEW}, storage FROM reports WHERE id = $1`, [id])) as StoredReport[];
    return rows[0] ?? null;
  }

  /** Creates the review's row, or marks the existing one (same month and scope) running again. */
  async start(r: { month: string; scope: string; scopeName: string; trigger: ReportView['trigger']; definitionsVersion: string }): Promise<string> {
    const rows = (await this.dataSource.query(
      `INSERT INTO reports (id, month, scope, scope_name, status, trigger, definitions_version)
       VALUES ($1, $2, $3, $4, 'running', $5, $6)
       ON CONFLICT (month, scope) DO UPDATE SET status = 'running', trigger = EXCLUDED.trigger, scope_name = EXCLUDED.scope_name,
         definitions_version = EXCLUDED.definitions_version, error = NULL, updated_at = now()
       RETURNING id`,
      [randomUUID(), r.month, r.scope, r.scopeName, r.trigger, r.definitionsVersion],
    )) as { id: string }[];
    return rows[0]!.id;
  }

  /** Stores the finished review (bytes in the row with `db` storage, only their sizes with `dir`). */
  async finish(
    id: string,
    r: { generatedAt: string; storage: 'db' | 'dir'; pdf: Buffer; csv: Buffer },
  ): Promise<void> {
    const inDb = r.storage === 'db';
    await this.dataSource.query(
      `UPDATE reports SET status = 'ready', error = NULL, generated_at = $2, storage = $3, pdf = $4, csv = $5,
         pdf_bytes = $6, csv_bytes = $7, updated_at = now() WHERE id = $1`,
      [id, r.generatedAt, r.storage, inDb ? r.pdf : null, inDb ? r.csv : null, r.pdf.length, r.csv.length],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reports SET status = 'failed', error = $2, pdf = NULL, csv = NULL, pdf_bytes = NULL, csv_bytes = NULL, generated_at = NULL, updated_at = now()
       WHERE id = $1`,
      [id, error.slice(0, 2000)],
    );
  }

  async content(id: string, kind: 'pdf' | 'csv'): Promise<Buffer | null> {
    const rows = (await this.dataSource.query(`SELECT ${kind === 'pdf' ? 'pdf' : 'csv'} AS body FROM reports WHERE id = $1`, [id])) as { body: Buffer | null }[];
    return rows[0]?.body ?? null;
  }

  /** Atomically claims the scheduled review of (month, scope): true for exactly one caller across replicas. */
  async claim(month: string, scope: string, by: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO report_schedule_claims (month, scope, claimed_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING month`,
      [month, scope, by],
    )) as unknown[];
    return rows.length === 1;
  }
}
