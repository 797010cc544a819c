import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CanonicalRecord, RecordType } from '@bearing/shared';
import { DataSource, type QueryRunner } from 'typeorm';
import { TABLES, naturalKey, toRow, upsertSql } from './tables.js';

const UPSERT_SQL = Object.fromEntries(
  Object.values(TABLES).map((spec) => [spec.type, upsertSql(spec)]),
) as Record<RecordType, string>;

/** One transaction of canonical upserts. Rows are buffered per type and written in batches. */
export class UpsertTransaction {
  private readonly buffers = new Map<RecordType, Map<string, Record<string, unknown>>>();
  private buffered = 0;
  private finished = false;

  constructor(
    private readonly runner: QueryRunner,
    private readonly batchSize: number,
  ) {}

  /**
   * Buffers a record; flushes its type's batch when full and returns that flush's promise
   * (awaiting it gives back-pressure). Not async: an import adds millions of records, and a
   * promise per record is measurable.
   */
  add(record: CanonicalRecord): Promise<void> | undefined {
    const spec = TABLES[record.type];
    let buffer = this.buffers.get(record.type);
    if (!buffer) {
      buffer = new Map();
      this.buffers.set(record.type, buffer);
    }
    // the same natural key twice in one statement is illegal for ON CONFLICT: last one wins
    const k = naturalKey(spec, record);
    if (!buffer.has(k)) this.buffered++;
    buffer.set(k, toRow(spec, record));
    return buffer.size >= this.batchSize ? this.flushType(record.type) : undefined;
  }

  /**
   * Writes a type's batch. One statement stays in flight while the caller parses the next
   * batch, so PostgreSQL and the parser work at the same time; awaiting here waits for the
   * previous statement only (back-pressure), and its error surfaces at the next call.
   */
  private async flushType(type: RecordType): Promise<void> {
    const buffer = this.buffers.get(type);
    if (!buffer || buffer.size === 0) return;
    const rows = [...buffer.values()];
    this.buffered -= buffer.size;
    buffer.clear();
    const param = JSON.stringify(rows);
    await this.settle();
    this.inFlight = this.runner.query(UPSERT_SQL[type], [param]).then(
      () => undefined,
      (err: unknown) => {
        this.failure ??= err;
      },
    );
  }

  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  /** Waits for the statement in flight; throws its error, if any. */
  private async settle(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure;
  }

  /**
   * Stores raw payloads (ON CONFLICT (source, external_id) DO NOTHING) in this transaction.
   * Returns the external ids that were new.
   */
  async addRaw(raw: readonly { source: string; externalId: string; payload: unknown }[]): Promise<Set<string>> {
    await this.settle();
    const fresh = new Set<string>();
    for (let i = 0; i < raw.length; i += 500) {
      const chunk = raw.slice(i, i + 500).map((r) => ({ source: r.source, external_id: r.externalId, payload: r.payload ?? null }));
      const rows = (await this.runner.query(
        `INSERT INTO raw_events (source, external_id, payload)
         SELECT x.source, x.external_id, COALESCE(x.payload, 'null'::jsonb)
           FROM jsonb_to_recordset($1::jsonb) AS x(source text, external_id text, payload jsonb)
         ON CONFLICT (source, external_id) DO NOTHING RETURNING source, external_id`,
        [JSON.stringify(chunk)],
      )) as { source: string; external_id: string }[];
      for (const r of rows) fresh.add(`${r.source}\u0000${r.external_id}`);
    }
    return fresh;
  }

  /** A statement in this transaction (e.g. a source's cursor saved with its batch); SQL comes from a repository. */
  async query(sql: string, params: unknown[]): Promise<unknown> {
    await this.flush();
    return this.runner.query(sql, params);
  }

  /**
   * Marks the derived facts as pending, in this transaction: the import answers before they are
   * rebuilt, and a restart before the rebuild commits redoes it. Returns the marker (null when
   * there is no settings row yet).
   */
  async markFactsPending(): Promise<string | null> {
    await this.flush();
    const rows = (await this.runner.query(
      `WITH u AS (UPDATE org_settings SET facts_pending_since = clock_timestamp() WHERE id = 1 RETURNING facts_pending_since)
       SELECT facts_pending_since::text AS marker FROM u`,
    )) as { marker: string }[];
    return rows[0]?.marker ?? null;
  }

  async flush(): Promise<void> {
    for (const type of this.buffers.keys()) await this.flushType(type);
    await this.settle();
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.runner.commitTransaction();
    await this.release();
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    await this.inFlight; // never errors: failures are kept in this.failure
    try {
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    } finally {
      await this.release();
    }
  }

  private async release(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.runner.release();
  }
}

export interface StoredPullRequestRow {
  repo: string;
  number: number;
  title: string;
  body: string;
  author: string;
  createdAt: Date;
  mergedAt: Date | null;
  closedAt: Date | null;
  baseBranch: string;
  headBranch: string;
  mergeSha: string | null;
  labels: string[] | null;
}

@Injectable()
export class IngestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async begin(batchSize = 1000): Promise<UpsertTransaction> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // a long import must not be cut by the API statement timeout
      await runner.query(`SET LOCAL statement_timeout = 0`);
    } catch (err) {
      await runner.release();
      throw err;
    }
    return new UpsertTransaction(runner, batchSize);
  }

  /** Stored incidents by id (a webhook's partial incident update is merged with them). */
  async incidents(ids: string[]): Promise<{ id: string; title: string; service: string | null; severity: string | null; openedAt: Date; resolvedAt: Date | null }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, title, service, severity, opened_at AS "openedAt", resolved_at AS "resolvedAt" FROM incidents WHERE id = ANY($1::text[])`,
      [ids],
    );
  }

  /** Stored pull requests by repository and number (a webhook's partial pull request is merged with them). */
  async pullRequests(keys: { repo: string; number: number }[]): Promise<StoredPullRequestRow[]> {
    if (keys.length === 0) return [];
    return this.dataSource.query(
      `SELECT p.repo, p.number, p.title, p.body, p.author, p.created_at AS "createdAt", p.merged_at AS "mergedAt", p.closed_at AS "closedAt",
              p.base_branch AS "baseBranch", p.head_branch AS "headBranch", p.merge_sha AS "mergeSha", p.labels
         FROM pull_requests p JOIN unnest($1::text[], $2::int[]) AS k(repo, number) ON k.repo = p.repo AND k.number = p.number`,
      [keys.map((k) => k.repo), keys.map((k) => k.number)],
    );
  }

  /** Stores a raw source payload (idempotent on source + external id). Returns false when already stored. */
  async saveRawEvent(source: string, externalId: string, payload: unknown): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO raw_events (source, external_id, payload) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (source, external_id) DO NOTHING RETURNING id`,
      [source, externalId, JSON.stringify(payload)],
    )) as unknown[];
    return rows.length > 0;
  }
}
