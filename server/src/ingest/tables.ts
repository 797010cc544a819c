import type { CanonicalRecord, RecordType } from '@bearing/shared';

/**
 * How each canonical record type maps to its table: one place used by the bulk upsert, the
 * export and the tests. Column names are constants (never user input), so the SQL built from
 * them is safe; values always travel as parameters.
 */

export type ColumnType = 'text' | 'integer' | 'timestamptz' | 'boolean' | 'text[]' | 'jsonb';

export interface ColumnSpec {
  /** field of the canonical record */
  field: string;
  column: string;
  type: ColumnType;
  /**
   * Enrichment only some sources know (a commit's files, a PR's commit list, an incident's
   * cause): a record that omits it keeps the stored value instead of clearing it, so a
   * webhook's partial view never erases what a sync or an import found.
   */
  keep?: boolean;
}

export interface TableSpec {
  type: RecordType;
  table: string;
  /** natural key, as record fields (in key order) */
  keyFields: string[];
  columns: ColumnSpec[];
  /** the column that places a record in time (for export filters), if any */
  timeColumn?: string;
}

const c = (field: string, type: ColumnType, column = snake(field)): ColumnSpec => ({ field, column, type });
const kept = (field: string, type: ColumnType): ColumnSpec => ({ ...c(field, type), keep: true });

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
}

export const TABLES: Record<RecordType, TableSpec> = {
  group: { type: 'group', table: 'groups', keyFields: ['key'], columns: [c('key', 'text'), c('name', 'text'), c('parent', 'text')] },
  squad: {
    type: 'squad',
    table: 'squads',
    keyFields: ['key'],
    columns: [c('key', 'text'), c('name', 'text'), c('group', 'text', 'group_key')],
  },
  person: {
    type: 'person',
    table: 'people',
    keyFields: ['key'],
    columns: [
      c('key', 'text'),
      c('name', 'text'),
      c('kind', 'text'),
      c('emails', 'text[]'),
      c('logins', 'jsonb'),
      c('squads', 'text[]'),
      c('roles', 'text[]'),
      c('timeZone', 'text'),
    ],
  },
  service: {
    type: 'service',
    table: 'services',
    keyFields: ['key'],
    columns: [c('key', 'text'), c('name', 'text'), c('squads', 'text[]'), c('repositories', 'text[]')],
  },
  repository: {
    type: 'repository',
    table: 'repositories',
    keyFields: ['key'],
    columns: [c('key', 'text'), c('url', 'text'), c('squads', 'text[]'), c('defaultBranch', 'text')],
  },
  pattern: {
    type: 'pattern',
    table: 'patterns',
    keyFields: ['key'],
    columns: [
      c('key', 'text'),
      c('title', 'text'),
      c('status', 'text'),
      c('createdAt', 'timestamptz'),
      c('updatedAt', 'timestamptz'),
      c('retiredAt', 'timestamptz'),
      c('replacedBy', 'text'),
      c('migrationNote', 'text'),
      c('path', 'text'),
    ],
  },
  commit: {
    type: 'commit',
    table: 'commits',
    keyFields: ['repo', 'sha'],
    timeColumn: 'authored_at',
    columns: [
      c('repo', 'text'),
      c('sha', 'text'),
      c('parents', 'text[]'),
      c('author', 'text'),
      c('authoredAt', 'timestamptz'),
      c('committedAt', 'timestamptz'),
      c('message', 'text'),
      kept('files', 'jsonb'),
    ],
  },
  pull_request: {
    type: 'pull_request',
    table: 'pull_requests',
    keyFields: ['repo', 'number'],
    timeColumn: 'created_at',
    columns: [
      c('repo', 'text'),
      c('number', 'integer'),
      c('title', 'text'),
      c('body', 'text'),
      c('author', 'text'),
      c('createdAt', 'timestamptz'),
      c('mergedAt', 'timestamptz'),
      c('closedAt', 'timestamptz'),
      c('baseBranch', 'text'),
      c('headBranch', 'text'),
      c('mergeSha', 'text'),
      kept('commits', 'text[]'),
      c('labels', 'text[]'),
    ],
  },
  pr_event: {
    type: 'pr_event',
    table: 'pr_events',
    keyFields: ['repo', 'number', 'id'],
    timeColumn: 'at',
    columns: [
      c('repo', 'text'),
      c('number', 'integer'),
      c('id', 'text'),
      c('kind', 'text'),
      c('label', 'text'),
      c('at', 'timestamptz'),
      c('actor', 'text'),
    ],
  },
  review: {
    type: 'review',
    table: 'reviews',
    keyFields: ['repo', 'number', 'id'],
    timeColumn: 'submitted_at',
    columns: [
      c('repo', 'text'),
      c('number', 'integer'),
      c('id', 'text'),
      c('reviewer', 'text'),
      c('state', 'text'),
      c('submittedAt', 'timestamptz'),
    ],
  },
  ci_run: {
    type: 'ci_run',
    table: 'ci_runs',
    keyFields: ['repo', 'id'],
    timeColumn: 'finished_at',
    columns: [
      c('repo', 'text'),
      c('id', 'text'),
      c('workflow', 'text'),
      c('job', 'text'),
      c('branch', 'text'),
      c('sha', 'text'),
      c('pr', 'integer'),
      c('status', 'text'),
      c('startedAt', 'timestamptz'),
      c('finishedAt', 'timestamptz'),
    ],
  },
  deployment: {
    type: 'deployment',
    table: 'deployments',
    keyFields: ['id'],
    timeColumn: 'finished_at',
    columns: [
      c('id', 'text'),
      c('service', 'text'),
      c('repo', 'text'),
      c('environment', 'text'),
      c('sha', 'text'),
      c('status', 'text'),
      c('startedAt', 'timestamptz'),
      c('finishedAt', 'timestamptz'),
      c('rollback', 'boolean'),
      c('failed', 'boolean'),
    ],
  },
  incident: {
    type: 'incident',
    table: 'incidents',
    keyFields: ['id'],
    timeColumn: 'opened_at',
    columns: [
      c('id', 'text'),
      c('service', 'text'),
      c('squad', 'text'),
      c('title', 'text'),
      c('severity', 'text'),
      c('openedAt', 'timestamptz'),
      c('resolvedAt', 'timestamptz'),
      kept('causedBy', 'jsonb'),
    ],
  },
  agent_session: {
    type: 'agent_session',
    table: 'agent_sessions',
    keyFields: ['id'],
    timeColumn: 'started_at',
    columns: [
      c('id', 'text'),
      c('agent', 'text'),
      c('repo', 'text'),
      c('pr', 'integer'),
      c('branch', 'text'),
      c('task', 'text'),
      c('scopePaths', 'text[]'),
      c('startedAt', 'timestamptz'),
      c('endedAt', 'timestamptz'),
      c('outcome', 'text'),
    ],
  },
  agent_session_event: {
    type: 'agent_session_event',
    table: 'agent_session_events',
    keyFields: ['session', 'id'],
    timeColumn: 'at',
    columns: [
      c('session', 'text'),
      c('id', 'text'),
      c('kind', 'text'),
      c('at', 'timestamptz'),
      c('by', 'text'),
      c('note', 'text'),
    ],
  },
};

export function keyColumns(spec: TableSpec): string[] {
  return spec.keyFields.map((f) => spec.columns.find((col) => col.field === f)!.column);
}

/** The natural key of a record, as one string (for de-duplication within a batch). */
export function naturalKey(spec: TableSpec, record: CanonicalRecord): string {
  const r = record as unknown as Record<string, unknown>;
  return spec.keyFields.map((f) => String(r[f])).join('\u0000');
}

/** `2026-03-01T08:00:00Z` or `2026-03-01T08:00:00.123Z` (the form every connector and the generator write) */
const PLAIN_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const plainUtc = (s: string): boolean => PLAIN_UTC.test(s) && s.slice(8, 10) <= '28';

/** Canonical record → row object keyed by column (values JSON-serialisable for jsonb_to_recordset). */
export function toRow(spec: TableSpec, record: CanonicalRecord): Record<string, unknown> {
  const r = record as unknown as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const col of spec.columns) {
    const v = r[col.field];
    if (v === undefined || v === null) {
      row[col.column] = null;
    } else if (col.type === 'timestamptz') {
      // PostgreSQL parses the instant (jsonb_to_recordset … timestamptz) and compares instants,
      // so a plain UTC timestamp goes as written; any other form (an offset, a day past the
      // 28th that JavaScript would roll over into the next month) is normalised to UTC here
      row[col.column] = plainUtc(v as string) ? v : new Date(v as string).toISOString();
    } else {
      row[col.column] = v;
    }
  }
  return row;
}

/** Row from PostgreSQL (node-postgres types) → canonical record; null columns are omitted. */
export function fromRow(spec: TableSpec, row: Record<string, unknown>): CanonicalRecord {
  const record: Record<string, unknown> = { type: spec.type };
  for (const col of spec.columns) {
    const v = row[col.column];
    if (v === null || v === undefined) continue;
    record[col.field] = col.type === 'timestamptz' ? (v as Date).toISOString() : v;
  }
  return record as unknown as CanonicalRecord;
}

const q = (ident: string) => `"${ident}"`;

/**
 * `INSERT … SELECT FROM jsonb_to_recordset($1) ON CONFLICT DO UPDATE`, touching a row only
 * when a value actually changed (so re-imports are no-ops, with no dead tuples).
 */
export function upsertSql(spec: TableSpec): string {
  const cols = spec.columns.map((col) => q(col.column));
  const defs = spec.columns.map((col) => `${q(col.column)} ${col.type}`);
  const keys = keyColumns(spec);
  const t = q(spec.table);
  const rest = spec.columns.filter((col) => !keys.includes(col.column));
  // the value a conflicting row takes: the record's, or the stored one for an omitted kept column
  const next = (col: ColumnSpec) => (col.keep ? `COALESCE(EXCLUDED.${q(col.column)}, ${t}.${q(col.column)})` : `EXCLUDED.${q(col.column)}`);
  return (
    `INSERT INTO ${t} (${cols.join(', ')}) ` +
    `SELECT ${cols.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${defs.join(', ')}) ` +
    `ON CONFLICT (${keys.map(q).join(', ')}) DO UPDATE SET ` +
    rest.map((col) => `${q(col.column)} = ${next(col)}`).join(', ') +
    ` WHERE (${rest.map((col) => `${t}.${q(col.column)}`).join(', ')}) IS DISTINCT FROM (${rest.map(next).join(', ')})`
  );
}
