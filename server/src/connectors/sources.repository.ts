import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { UpsertTransaction } from '../ingest/ingest.repository.js';
import type { CodeOwnersSnapshot } from './connector.js';

export interface SourceRow {
  id: string;
  kind: string;
  name: string;
  config: Record<string, unknown>;
  secretsEncrypted: string | null;
  secretNames: string[];
  cron: string;
  enabled: boolean;
  status: string;
  cursor: unknown;
  lastRunAt: Date | null;
  lastSuccessAt: Date | null;
  nextRunAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  createdAt: Date;
}

export interface SyncRunRow {
  id: string;
  sourceId: string;
  sourceName: string;
  trigger: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  cursorBefore: unknown;
  cursorAfter: unknown;
  recordsByType: Record<string, number>;
  error: string | null;
  warnings: { message: string; file?: string; field?: string }[];
}

const SOURCE_COLUMNS = `id, kind, name, config, secrets_encrypted AS "secretsEncrypted", secret_names AS "secretNames", cron, enabled,
  status, cursor, last_run_at AS "lastRunAt", last_success_at AS "lastSuccessAt", next_run_at AS "nextRunAt",
  last_error AS "lastError", consecutive_failures AS "consecutiveFailures", created_at AS "createdAt"`;

const RUN_COLUMNS = `r.id, r.source_id AS "sourceId", s.name AS "sourceName", r.trigger, r.status, r.started_at AS "startedAt",
  r.finished_at AS "finishedAt", r.cursor_before AS "cursorBefore", r.cursor_after AS "cursorAfter",
  r.records_by_type AS "recordsByType", r.error, r.warnings`;

/** Two-int advisory lock namespace of source runs (the one-bigint keys elsewhere live in another key space). */
const SOURCE_LOCK_NAMESPACE = 4217010;

export interface SourceLock {
  release(): Promise<void>;
}

/** SQL of sources, their claims and locks, and the run log. */
@Injectable()
export class SourcesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<SourceRow[]> {
    return this.dataSource.query(`SELECT ${SOURCE_COLUMNS} FROM sources ORDER BY name`);
  }

  async find(id: string): Promise<SourceRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${SOURCE_COLUMNS} FROM sources WHERE id = $1`, [id])) as SourceRow[];
    return rows[0] ?? null;
  }

  async enabledOfKind(kind: string): Promise<SourceRow[]> {
    return this.dataSource.query(`SELECT ${SOURCE_COLUMNS} FROM sources WHERE kind = $1 AND enabled ORDER BY name LIMIT 2`, [kind]);
  }

  /** Inserts; returns false when the name is taken. */
  async insert(s: {
    id: string;
    kind: string;
    name: string;
    config: Record<string, unknown>;
    secretsEncrypted: string | null;
    secretNames: string[];
    cron: string;
    enabled: boolean;
    nextRunAt: Date | null;
    now: Date;
  }): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO sources (id, kind, name, config, secrets_encrypted, secret_names, cron, enabled, status, next_run_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::text[], $7, $8, $9, $10, $11, $11)
       ON CONFLICT (name) DO NOTHING RETURNING id`,
      [s.id, s.kind, s.name, JSON.stringify(s.config), s.secretsEncrypted, s.secretNames, s.cron, s.enabled, s.enabled ? 'idle' : 'disabled', s.nextRunAt, s.now],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Updates the editable fields; returns 'taken' when the new name belongs to another source. */
  async update(
    id: string,
    s: { name: string; config: Record<string, unknown>; secretsEncrypted: string | null; secretNames: string[]; cron: string; enabled: boolean; nextRunAt: Date | null; now: Date },
  ): Promise<'ok' | 'taken' | 'missing'> {
    try {
      const rows = (await this.dataSource.query(
        `UPDATE sources SET name = $2, config = $3::jsonb, secrets_encrypted = $4, secret_names = $5::text[], cron = $6, enabled = $7,
           next_run_at = $8, updated_at = $9,
           status = CASE WHEN NOT $7 THEN 'disabled' WHEN status = 'disabled' THEN 'idle' ELSE status END
         WHERE id = $1 RETURNING id`,
        [id, s.name, JSON.stringify(s.config), s.secretsEncrypted, s.secretNames, s.cron, s.enabled, s.nextRunAt, s.now],
      )) as [unknown[], number];
      return rows[0].length > 0 ? 'ok' : 'missing';
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return 'taken';
      throw err;
    }
  }

  /** Deletes a source and its run log (its canonical records stay: they are the org's data). */
  async delete(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM sync_runs WHERE source_id = $1`, [id]);
      const rows = (await m.query(`DELETE FROM sources WHERE id = $1 RETURNING id`, [id])) as [unknown[], number];
      return rows[0].length > 0;
    });
  }

  /** Enabled sources whose next run is due (candidates; `claim` decides). */
  async due(now: Date, limit: number): Promise<SourceRow[]> {
    return this.dataSource.query(
      `SELECT ${SOURCE_COLUMNS} FROM sources WHERE enabled AND next_run_at <= $1 ORDER BY next_run_at, id LIMIT $2`,
      [now, limit],
    );
  }

  /**
   * Claims a due source for this tick: moves next_run_at on to `next` only if it is still due.
   * Under READ COMMITTED a second replica's UPDATE re-checks the WHERE after the first commits,
   * finds next_run_at in the future and claims nothing: each due run happens once per tick.
   */
  async claim(id: string, now: Date, next: Date): Promise<SourceRow | null> {
    const rows = (await this.dataSource.query(
      `UPDATE sources SET next_run_at = $3, status = 'running', last_run_at = $2
        WHERE id = $1 AND enabled AND next_run_at <= $2 RETURNING ${SOURCE_COLUMNS}`,
      [id, now, next],
    )) as [SourceRow[], number];
    return rows[0][0] ?? null;
  }

  /**
   * A per-source session advisory lock on a dedicated connection, held for the whole run, so a
   * manual "sync now" and a scheduled run never overlap (on any replica). Null when taken. A
   * crashed process's lock goes with its connection.
   */
  async tryLock(id: string): Promise<SourceLock | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ ok }] = (await runner.query(`SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS ok`, [SOURCE_LOCK_NAMESPACE, id])) as { ok: boolean }[];
      if (!ok) {
        await runner.release();
        return null;
      }
    } catch (err) {
      await runner.release();
      throw err;
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        try {
          await runner.query(`SELECT pg_advisory_unlock($1::int, hashtext($2))`, [SOURCE_LOCK_NAMESPACE, id]);
        } finally {
          await runner.release();
        }
      },
    };
  }

  async markRunning(id: string, now: Date): Promise<void> {
    await this.dataSource.query(`UPDATE sources SET status = 'running', last_run_at = $2 WHERE id = $1`, [id, now]);
  }

  /** Saves the cursor inside a batch's transaction (with its records and raw payloads). */
  async saveCursor(tx: UpsertTransaction, id: string, cursor: unknown): Promise<void> {
    await tx.query(`UPDATE sources SET cursor = $2::jsonb WHERE id = $1`, [id, JSON.stringify(cursor ?? null)]);
  }

  /** Replaces a repository's CODEOWNERS rules inside a batch's transaction. */
  /** Replaces a repository's CODEOWNERS rules; true when the rules (or their file) changed. */
  async replaceCodeOwners(tx: UpsertTransaction, snap: CodeOwnersSnapshot): Promise<boolean> {
    const before = (await tx.query(`SELECT pattern, owners, path FROM code_owners WHERE repo = $1 ORDER BY position`, [snap.repo])) as {
      pattern: string;
      owners: string[];
      path: string;
    }[];
    const rules = snap.path ? snap.rules : [];
    const same =
      before.length === rules.length &&
      before.every((b, i) => b.path === snap.path && b.pattern === rules[i]!.pattern && JSON.stringify(b.owners) === JSON.stringify(rules[i]!.owners));
    await tx.query(`DELETE FROM code_owners WHERE repo = $1`, [snap.repo]);
    if (!snap.path || snap.rules.length === 0) return !same;
    await tx.query(
      `INSERT INTO code_owners (repo, position, pattern, owners, path, sha)
       SELECT $1, x.position, x.pattern, ARRAY(SELECT jsonb_array_elements_text(x.owners)), $2, $3
         FROM jsonb_to_recordset($4::jsonb) AS x(position int, pattern text, owners jsonb)`,
      [snap.repo, snap.path, snap.sha, JSON.stringify(snap.rules.map((r, i) => ({ position: i + 1, pattern: r.pattern, owners: r.owners })))],
    );
    return !same;
  }

  async cursorOf(id: string): Promise<unknown> {
    const rows = (await this.dataSource.query(`SELECT cursor FROM sources WHERE id = $1`, [id])) as { cursor: unknown }[];
    return rows[0]?.cursor ?? null;
  }

  async succeeded(id: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE sources SET status = 'ok', last_success_at = $2, last_error = NULL, consecutive_failures = 0
        WHERE id = $1`,
      [id, now],
    );
  }

  /** Marks a failure; the retry time never postpones the regular schedule (LEAST). Returns the failure count. */
  async failed(id: string, error: string, retryAt: (failures: number) => Date): Promise<number> {
    const rows = (await this.dataSource.query(`SELECT consecutive_failures AS n FROM sources WHERE id = $1`, [id])) as { n: number }[];
    const failures = (rows[0]?.n ?? 0) + 1;
    await this.dataSource.query(
      `UPDATE sources SET status = 'failed', last_error = $2, consecutive_failures = $3,
              next_run_at = CASE WHEN enabled THEN LEAST(COALESCE(next_run_at, $4), $4) ELSE next_run_at END
        WHERE id = $1`,
      [id, error, failures, retryAt(failures)],
    );
    return failures;
  }

  /** Sources with a run-log row still `running` (recovery candidates: `abandonRuns` decides, under the source's lock). */
  async sourcesWithOpenRuns(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT DISTINCT source_id AS id FROM sync_runs WHERE status = 'running' ORDER BY source_id`)) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Closes a source's runs left `running` as failed with `error`. Only call it holding the
   * source's lock: then no live process is running the source, so such rows belong to a process
   * that died. Returns how many were closed.
   */
  async abandonRuns(id: string, now: Date, error: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE sync_runs SET status = 'failed', finished_at = $2, error = $3 WHERE source_id = $1 AND status = 'running' RETURNING id`,
      [id, now, error],
    )) as [unknown[], number];
    return rows[0].length;
  }

  async insertRun(r: { id: string; sourceId: string; trigger: string; startedAt: Date; cursorBefore: unknown }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sync_runs (id, source_id, trigger, status, started_at, cursor_before, records_by_type, warnings)
       VALUES ($1, $2, $3, 'running', $4, $5::jsonb, '{}'::jsonb, '[]'::jsonb)`,
      [r.id, r.sourceId, r.trigger, r.startedAt, JSON.stringify(r.cursorBefore ?? null)],
    );
  }

  async finishRun(r: {
    id: string;
    status: 'succeeded' | 'failed';
    finishedAt: Date;
    cursorAfter: unknown;
    recordsByType: Record<string, number>;
    error: string | null;
    warnings: { message: string; file?: string; field?: string }[];
  }): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = $2, finished_at = $3, cursor_after = $4::jsonb, records_by_type = $5::jsonb, error = $6, warnings = $7::jsonb
        WHERE id = $1`,
      [r.id, r.status, r.finishedAt, JSON.stringify(r.cursorAfter ?? null), JSON.stringify(r.recordsByType), r.error, JSON.stringify(r.warnings)],
    );
  }

  async findRun(id: string): Promise<SyncRunRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${RUN_COLUMNS} FROM sync_runs r JOIN sources s ON s.id = r.source_id WHERE r.id = $1`, [id])) as SyncRunRow[];
    return rows[0] ?? null;
  }

  /** Newest first; keyset pagination on (started_at, id). */
  async runs(q: { sourceId: string | null; status: string | null; limit: number; before: { startedAt: Date; id: string } | null }): Promise<SyncRunRow[]> {
    const params: unknown[] = [q.sourceId, q.status, q.limit + 1];
    let where = `($1::uuid IS NULL OR r.source_id = $1) AND ($2::text IS NULL OR r.status = $2)`;
    if (q.before) {
      params.push(q.before.startedAt, q.before.id);
      where += ` AND (r.started_at, r.id) < ($4, $5::uuid)`;
    }
    return this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM sync_runs r JOIN sources s ON s.id = r.source_id WHERE ${where} ORDER BY r.started_at DESC, r.id DESC LIMIT $3`,
      params,
    );
  }
}
