import { randomBytes } from 'node:crypto';
import pg from 'pg';

const TEMPLATE_DB = 'bearing_test_template';

function adminUrl(): string {
  const url = process.env.BEARING_TEST_ADMIN_URL;
  if (!url) throw new Error('BEARING_TEST_ADMIN_URL is not set: run the tests through jest (global setup)');
  return url;
}

export interface TestDatabase {
  url: string;
  name: string;
  /** a query on this database (for assertions) */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: one per test file, so files run in parallel. */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  const url = u.toString();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    url,
    name,
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    drop: async () => {
      await pool.end();
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Row counts of every canonical table (for idempotency comparisons). */
export async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  const tables = ['groups', 'squads', 'people', 'services', 'repositories', 'patterns', 'commits', 'pull_requests', 'pr_events', 'reviews', 'ci_runs', 'deployments', 'incidents', 'agent_sessions', 'agent_session_events'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`))[0]!.n);
  return out;
}

/** A stable digest of every canonical table's content. */
export async function tableDigests(db: TestDatabase): Promise<Record<string, string>> {
  const tables = ['groups', 'squads', 'people', 'services', 'repositories', 'patterns', 'commits', 'pull_requests', 'pr_events', 'reviews', 'ci_runs', 'deployments', 'incidents', 'agent_sessions', 'agent_session_events'];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const rows = await db.query<{ d: string | null }>(`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS d FROM ${t} x`);
    out[t] = rows[0]!.d ?? 'empty';
  }
  return out;
}

/**
 * Every derived fact row (deployments, incidents, changes, commits, PRs, citations), in a
 * stable order: what "the same facts" means when comparing two ways of computing them.
 */
export async function factRows(db: TestDatabase): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [table, order] of [
    ['deployment_facts', 'deployment_id'],
    ['incident_facts', 'incident_id'],
    ['change_facts', 'repo, change_key, deployment_id'],
    ['commit_facts', 'repo, sha'],
    ['pr_facts', 'repo, number'],
    ['pr_citations', 'repo, number, pattern_key'],
  ] as const) {
    out[table] = await db.query(`SELECT to_jsonb(t) AS r FROM ${table} t ORDER BY ${order}`);
  }
  return out;
}

