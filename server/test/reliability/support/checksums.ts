import type { TestDatabase } from '../../support/db.js';

/** mulberry32: a seeded generator, so a failing kill schedule reproduces */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tables that legitimately differ between two runs of the same data: bookkeeping, not data. */
const VOLATILE_TABLES = ['migrations', 'raw_events', 'org_settings', 'users', 'user_sessions', 'sessions', 'api_tokens', 'audit_log', 'login_attempts', 'auth_settings'];

/**
 * A checksum per table of everything Bearing stores from data (records and derived facts),
 * leaving out what legitimately differs between two runs: wall-clock columns, the raw-event
 * log, sessions/users/tokens/audit, and the facts version counter. `exclude` leaves out more
 * tables (e.g. `sources` and `sync_runs`, whose ids and times differ between two databases).
 */
export async function databaseDigest(db: TestDatabase, exclude: string[] = []): Promise<Record<string, string>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
       AND NOT (table_name = ANY($1::text[]))
     ORDER BY table_name`,
    [[...VOLATILE_TABLES, ...exclude]],
  );
  const out: Record<string, string> = {};
  for (const { table_name: t } of tables) {
    const [row] = await db.query<{ n: string; d: string | null }>(
      `SELECT count(*)::text AS n, md5(string_agg(v, '|' ORDER BY v)) AS d
         FROM (SELECT (to_jsonb(x) - 'created_at' - 'updated_at' - 'received_at' - 'last_used_at')::text AS v FROM "${t}" x) s`,
    );
    out[t] = `${row!.n}:${row!.d ?? 'empty'}`;
  }
  return out;
}
