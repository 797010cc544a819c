import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { RecordType } from '@bearing/shared';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ImportService, emptyTouched, mergeTouched } from '../ingest/import.service.js';
import { SyncMetrics } from '../observability/sync.metrics.js';
import { Clock } from '../common/clock.js';
import type { SyncBatch, SyncContext } from './connector.js';
import { ConnectorRegistry } from './registry.js';
import { backoffMs, cronIntervalMs, nextRun } from './schedule.js';
import { SourceSecrets } from './source-secrets.service.js';
import { sourceBusy, sourceNotFound, webhookOnlySource } from './sources.errors.js';
import { type SourceLock, type SourceRow, SourcesRepository } from './sources.repository.js';
import { isUuid } from '../auth/dto/validation.js';

export type RunTrigger = 'schedule' | 'manual' | 'retry';

const MAX_ERROR_LENGTH = 2000;

/** The error of a run whose process died (SIGKILL, OOM, power loss) before it could finish it. */
export const ABANDONED_RUN_ERROR = 'abandoned: the server running it stopped before the run finished; the next run resumes from the last committed cursor';

function errorText(err: unknown): string {
  const e = err as { field?: string; message?: string; name?: string };
  const text = e?.message ? String(e.message) : String(err);
  return text.slice(0, MAX_ERROR_LENGTH);
}

/**
 * Runs sources: the scheduler's tick (claim due sources atomically, run them concurrently up to a
 * limit) and "sync now". Each run holds the source's advisory lock, writes a run-log row, commits
 * the connector's batches through the one ingestion path (records + raw payloads + cursor in one
 * transaction), and ends succeeded, or failed with the error and a backoff. One source's failure
 * never touches another's run.
 */
@Injectable()
export class SyncService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncService.name);
  private readonly inFlight = new Map<string, { promise: Promise<void>; abort: AbortController }>();
  private readonly shutdown = new AbortController();
  private ticking = false;

  constructor(
    private readonly repository: SourcesRepository,
    private readonly registry: ConnectorRegistry,
    private readonly ingest: ImportService,
    private readonly secrets: SourceSecrets,
    private readonly metrics: SyncMetrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One scheduler tick: claims the due sources this process has room for and starts their runs.
   * Returns the ids of the runs started (they continue in the background; `idle()` awaits them).
   */
  async tick(): Promise<string[]> {
    if (this.ticking || this.shutdown.signal.aborted) return [];
    this.ticking = true;
    try {
      await this.recoverAbandoned();
      const room = this.config.connectors.concurrency - this.inFlight.size;
      if (room <= 0) return [];
      const now = this.clock.now();
      const started: string[] = [];
      for (const candidate of await this.repository.due(now, room * 2)) {
        if (started.length >= room) break;
        const connector = this.registry.connector(candidate.kind);
        if (!connector || this.inFlight.has(candidate.id)) continue;
        const next = nextRun(candidate.cron, now, this.config.timeZone);
        const claimed = await this.repository.claim(candidate.id, now, next);
        if (!claimed) continue; // another replica got it this tick
        const lock = await this.repository.tryLock(claimed.id);
        if (!lock) continue; // a manual run holds it; the next tick tries again
        const trigger: RunTrigger = claimed.consecutiveFailures > 0 ? 'retry' : 'schedule';
        // the retry after an abandoned run rebuilds every fact: the dead process may have committed batches without deriving them
        started.push(await this.start(claimed, trigger, lock, claimed.lastError === ABANDONED_RUN_ERROR));
      }
      return started;
    } finally {
      this.ticking = false;
    }
  }

  /** "Sync now": starts a run in the background and returns its id (409 when one is running). */
  async runNow(id: string): Promise<string> {
    const source = isUuid(id) ? await this.repository.find(id) : null;
    if (!source) throw sourceNotFound(id);
    if (!this.registry.connector(source.kind)) throw webhookOnlySource(source.kind);
    const lock = await this.repository.tryLock(source.id);
    if (!lock) throw sourceBusy(source.id);
    // re-read under the lock: the cursor may have moved since
    const fresh = (await this.repository.find(source.id)) ?? source;
    await this.repository.markRunning(source.id, this.clock.now());
    return this.start(fresh, 'manual', lock, fresh.lastError === ABANDONED_RUN_ERROR);
  }

  /** Resolves when every run started by this process has ended. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()].map((r) => r.promise));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort(new Error('server shutting down'));
    for (const r of this.inFlight.values()) r.abort.abort(new Error('server shutting down'));
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, 15_000).unref())]);
  }

  /**
   * Runs left `running` by a process that died: a source whose lock nobody holds has no live
   * run (a lock goes with its holder's connection), so its open runs are closed as failed and
   * the source is marked failed with a retry after the usual backoff; the retry resumes from the
   * cursor the dead run last committed. Sources running in this process are skipped, and a lock
   * held by another replica means that replica is still running the source.
   */
  private async recoverAbandoned(): Promise<void> {
    for (const id of await this.repository.sourcesWithOpenRuns()) {
      if (this.inFlight.has(id)) continue;
      const lock = await this.repository.tryLock(id);
      if (!lock) continue;
      try {
        const now = this.clock.now();
        const closed = await this.repository.abandonRuns(id, now, ABANDONED_RUN_ERROR);
        const source = closed > 0 ? await this.repository.find(id) : null;
        if (!source) continue;
        const interval = cronIntervalMs(source.cron, now, this.config.timeZone);
        await this.repository.failed(id, ABANDONED_RUN_ERROR, (n) => new Date(now.getTime() + backoffMs(n, interval)));
        this.logger.warn({ sourceId: id, source: source.name, runs: closed, cursor: source.cursor ?? null }, 'abandoned sync run closed as failed; the next run resumes from its cursor');
      } finally {
        await lock.release().catch(() => undefined);
      }
    }
  }

  /**
   * Starts a run holding the source's lock. `recomputeAll`: rebuild every derived fact at the end,
   * whatever the run commits (after an abandoned run).
   */
  private async start(source: SourceRow, trigger: RunTrigger, lock: SourceLock, recomputeAll = false): Promise<string> {
    const runId = randomUUID();
    const abort = new AbortController();
    let abandoned: number;
    try {
      // under the lock no live process runs this source: a run still open belongs to a dead one
      // (the tick's recovery may have found the lock still held by a connection PostgreSQL had
      // not yet seen die, and then won it here)
      abandoned = await this.repository.abandonRuns(source.id, this.clock.now(), ABANDONED_RUN_ERROR);
      await this.repository.insertRun({ id: runId, sourceId: source.id, trigger, startedAt: this.clock.now(), cursorBefore: source.cursor });
    } catch (err) {
      await lock.release();
      throw err;
    }
    if (abandoned > 0) this.logger.warn({ sourceId: source.id, source: source.name, runs: abandoned, runId }, 'abandoned sync run closed as failed; this run resumes from its cursor');
    const promise = this.execute(source, trigger, runId, abort, recomputeAll || abandoned > 0)
      .catch((err) => this.logger.error({ err, sourceId: source.id, runId }, 'sync run bookkeeping failed'))
      .finally(async () => {
        this.inFlight.delete(source.id);
        await lock.release().catch(() => undefined);
      });
    this.inFlight.set(source.id, { promise, abort });
    return runId;
  }

  private async execute(source: SourceRow, trigger: RunTrigger, runId: string, abort: AbortController, recomputeAll: boolean): Promise<void> {
    const connector = this.registry.connector(source.kind)!;
    const startedMs = Date.now();
    const timeoutMs = this.config.connectors.runTimeoutSeconds * 1000;
    const timer = setTimeout(() => abort.abort(new Error(`run exceeded its time limit of ${this.config.connectors.runTimeoutSeconds} s`)), timeoutMs);
    timer.unref();
    const signal = AbortSignal.any([abort.signal, this.shutdown.signal]);
    const byType: Partial<Record<RecordType, number>> = {};
    const touched = emptyTouched();
    let touchAll = false;
    let committed = 0;
    let cursor: unknown = source.cursor ?? null;
    const warnings: { message: string; file?: string; field?: string }[] = [];
    const base = { sourceId: source.id, source: source.name, kind: source.kind, runId, trigger };
    this.logger.log({ ...base, cursor }, 'sync run started');
    let error: string | null = null;
    try {
      const config = connector.configSchema.parse(source.config);
      const ctx: SyncContext<unknown, unknown> = {
        sourceId: source.id,
        config,
        secrets: Object.freeze(this.secrets.decrypt(source.secretsEncrypted)),
        cursor,
        signal,
        now: () => this.clock.now(),
        logger: {
          log: (obj, msg) => this.logger.log({ ...obj, ...base }, msg),
          warn: (obj, msg) => {
            if (warnings.length < 200) warnings.push({ message: msg, ...(typeof obj.file === 'string' ? { file: obj.file } : {}), ...(typeof obj.field === 'string' ? { field: obj.field } : {}) });
            this.logger.warn({ ...obj, ...base }, msg);
          },
        },
        commit: async (batch: SyncBatch<unknown>) => {
          const ownersChanged = new Set<string>();
          if (signal.aborted) throw signal.reason ?? new Error('aborted');
          const outcome = await this.ingest.ingestBatch(batch.records, {
            raw: batch.raw,
            recompute: false,
            afterWrite: async (tx) => {
              for (const snap of batch.codeOwners ?? []) if (await this.repository.replaceCodeOwners(tx, snap)) ownersChanged.add(snap.repo);
              await this.repository.saveCursor(tx, source.id, batch.cursor);
            },
          });
          cursor = batch.cursor;
          committed++;
          for (const [t, n] of Object.entries(outcome.byType)) byType[t as RecordType] = (byType[t as RecordType] ?? 0) + (n ?? 0);
          mergeTouched(touched, outcome.touched);
          // new CODEOWNERS rules change which commits are out of scope (drift)
          for (const repo of ownersChanged) touched.repos?.add(repo);
          ownersChanged.clear();
          touchAll ||= outcome.touchAll;
        },
      };
      await connector.sync(ctx);
      if (signal.aborted) throw signal.reason ?? new Error('aborted');
    } catch (err) {
      error = errorText(err);
    } finally {
      clearTimeout(timer);
    }
    // derived facts follow whatever was committed, even by a run that failed later (and, after
    // an abandoned run, whatever the dead process committed without deriving)
    if (committed > 0 || recomputeAll) {
      try {
        await this.ingest.recomputeTouched(touched, touchAll || recomputeAll);
      } catch (err) {
        error ??= `recompute failed: ${errorText(err)}`;
      }
    }
    const finishedAt = this.clock.now();
    if (error === null) {
      await this.repository.succeeded(source.id, finishedAt);
    } else {
      const interval = cronIntervalMs(source.cron, finishedAt, this.config.timeZone);
      await this.repository.failed(source.id, error, (n) => new Date(finishedAt.getTime() + backoffMs(n, interval)));
    }
    await this.repository.finishRun({ id: runId, status: error === null ? 'succeeded' : 'failed', finishedAt, cursorAfter: cursor, recordsByType: byType, error, warnings });
    const seconds = (Date.now() - startedMs) / 1000;
    this.metrics.run(source.kind, source.name, error === null ? 'succeeded' : 'failed', seconds, byType);
    const summary = { ...base, cursorBefore: source.cursor ?? null, cursorAfter: cursor, batches: committed, records: byType, ms: Math.round(seconds * 1000) };
    if (error === null) this.logger.log(summary, 'sync run succeeded');
    else this.logger.warn({ ...summary, error }, 'sync run failed');
  }
}
