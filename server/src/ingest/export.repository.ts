import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CanonicalRecord, RECORD_TYPES, type RecordType } from '@bearing/shared';
import { DataSource } from 'typeorm';
import { TABLES, fromRow, keyColumns } from './tables.js';

export interface ExportFilter {
  /** null = whole org */
  squads: string[] | null;
  /** YYYY-MM-DD, org time zone, half-open */
  from: string | null;
  to: string | null;
  timeZone: string;
}

const PAGE = 5000;

/** SQL filter per table for a squad scope; `$1` is the squads array. */
const SCOPE_FILTER: Record<RecordType, string> = {
  group: `key IN (SELECT group_key FROM squads WHERE key = ANY($1::text[]))`,
  squad: `key = ANY($1::text[])`,
  person: `squads && $1::text[]`,
  service: `squads && $1::text[]`,
  repository: `squads && $1::text[]`,
  pattern: `TRUE`,
  commit: `repo IN (SELECT key FROM repositories WHERE squads && $1::text[])`,
  pull_request: `repo IN (SELECT key FROM repositories WHERE squads && $1::text[])`,
  pr_event: `repo IN (SELECT key FROM repositories WHERE squads && $1::text[])`,
  review: `repo IN (SELECT key FROM repositories WHERE squads && $1::text[])`,
  ci_run: `repo IN (SELECT key FROM repositories WHERE squads && $1::text[])`,
  deployment: `(service IN (SELECT key FROM services WHERE squads && $1::text[]) OR repo IN (SELECT key FROM repositories WHERE squads && $1::text[]))`,
  incident: `(service IN (SELECT key FROM services WHERE squads && $1::text[]) OR squad = ANY($1::text[]))`,
  agent_session: `repo IN (SELECT key FROM repositories WHERE squads && $1::text[])`,
  agent_session_event: `session IN (SELECT id FROM agent_sessions WHERE repo IN (SELECT key FROM repositories WHERE squads && $1::text[]))`,
};

/**
 * Reads canonical records back out of the tables, page by page (keyset on the natural key),
 * so an export of any size streams in constant memory.
 */
@Injectable()
export class ExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async *records(filter: ExportFilter): AsyncGenerator<CanonicalRecord> {
    for (const type of RECORD_TYPES) yield* this.recordsOf(type, filter);
  }

  private async *recordsOf(type: RecordType, filter: ExportFilter): AsyncGenerator<CanonicalRecord> {
    const spec = TABLES[type];
    const keys = keyColumns(spec).map((k) => `"${k}"`);
    const cols = spec.columns.map((c) => `"${c.column}"`).join(', ');
    const where: string[] = [];
    const params: unknown[] = [filter.squads];
    where.push(`($1::text[] IS NULL OR ${SCOPE_FILTER[type]})`);
    if (spec.timeColumn) {
      params.push(filter.from, filter.to, filter.timeZone);
      where.push(`($2::date IS NULL OR "${spec.timeColumn}" >= ($2::date)::timestamp AT TIME ZONE $4)`);
      where.push(`($3::date IS NULL OR "${spec.timeColumn}" < ($3::date)::timestamp AT TIME ZONE $4)`);
    }
    let last: unknown[] | null = null;
    for (;;) {
      const pageParams = [...params];
      let keyset = '';
      if (last) {
        const placeholders = last.map((v, i) => `$${params.length + i + 1}`);
        keyset = ` AND (${keys.join(', ')}) > (${placeholders.join(', ')})`;
        pageParams.push(...last);
      }
      const rows = (await this.dataSource.query(
        `SELECT ${cols} FROM "${spec.table}" WHERE ${where.join(' AND ')}${keyset} ORDER BY ${keys.join(', ')} LIMIT ${PAGE}`,
        pageParams,
      )) as Record<string, unknown>[];
      for (const row of rows) yield fromRow(spec, row);
      if (rows.length < PAGE) return;
      const lastRow = rows[rows.length - 1]!;
      last = keyColumns(spec).map((k) => lastRow[k]);
    }
  }
}
