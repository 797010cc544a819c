import { Injectable, Logger } from '@nestjs/common';
import type { CanonicalRecord, ImportMode, ImportRejection, ImportResult, RecordType } from '@bearing/shared';
import { DomainError, invalidField } from '../common/errors.js';
import { RecomputeService, type Touched } from '../metrics/recompute.service.js';
import { IngestMetrics } from '../observability/ingest.metrics.js';
import { IngestRepository, type UpsertTransaction } from './ingest.repository.js';
import { parseLine, validateRecord } from './records.schema.js';

/** Notes what a record touches; true when derived facts must be rebuilt everywhere. */
/** new commits of one repository past which it is rebuilt whole rather than by the commits-only path */
const COMMITS_ONLY_MAX = 5_000;

function touch(t: Touched, r: CanonicalRecord): boolean {
  switch (r.type) {
    case 'commit': {
      // new commits may need only their own facts (RecomputeService decides); past a few
      // thousand the repository is rebuilt whole anyway, and a backfill's millions of shas
      // would only fill memory
      if (t.repos!.has(r.repo)) return false;
      const commits = (t.commits ??= new Map());
      const shas = commits.get(r.repo) ?? new Set<string>();
      shas.add(r.sha.toLowerCase());
      commits.set(r.repo, shas);
      if (shas.size > COMMITS_ONLY_MAX) {
        commits.delete(r.repo);
        t.repos!.add(r.repo);
      }
      return false;
    }
    case 'pull_request':
    case 'review':
    case 'pr_event':
    case 'ci_run':
      t.repos!.add(r.repo);
      return false;
    case 'deployment':
      t.services!.add(r.service);
      if (r.repo) t.repos!.add(r.repo);
      return false;
    case 'incident':
      if (r.service) t.services!.add(r.service);
      t.incidents!.add(r.id);
      return false;
    case 'agent_session':
      // drift: the session's unit (with its PR, in its repository) is rebuilt
      (t.sessions ??= new Set()).add(r.id);
      if (r.repo) t.repos!.add(r.repo);
      return false;
    case 'agent_session_event':
      (t.sessions ??= new Set()).add(r.session);
      return false;
    case 'pattern':
      // the library changed: every PR's citations are classified again
      return true;
    default:
      // people, squads, services, repositories, groups change identities or ownership
      return true;
  }
}

export interface BatchOptions {
  /** raw payloads stored in the same transaction (ON CONFLICT (source, external_id) DO NOTHING) */
  raw?: readonly { source: string; externalId: string; payload: unknown }[];
  /** a webhook delivery: when none of `raw` is new, nothing is written and `duplicate` is true */
  dedupe?: boolean;
  /** more statements in the same transaction (e.g. the source's cursor) */
  afterWrite?: (tx: UpsertTransaction) => Promise<void>;
  /** false: the caller recomputes once later (a sync run recomputes at its end) */
  recompute?: boolean;
}

export interface BatchOutcome {
  duplicate: boolean;
  byType: Partial<Record<RecordType, number>>;
  touched: Touched;
  /** derived facts must be rebuilt everywhere (people, ownership or patterns changed) */
  touchAll: boolean;
}

export function emptyTouched(): Touched {
  return { repos: new Set(), services: new Set(), incidents: new Set() };
}

/** Adds `from` into `into` (for a run that recomputes once at its end). */
export function mergeTouched(into: Touched, from: Touched): void {
  for (const k of ['repos', 'services', 'incidents'] as const) for (const v of from[k] ?? []) into[k]!.add(v);
  for (const v of from.sessions ?? []) (into.sessions ??= new Set()).add(v);
  for (const [repo, shas] of from.commits ?? []) {
    const m = (into.commits ??= new Map());
    const mine = m.get(repo) ?? new Set<string>();
    for (const s of shas) mine.add(s);
    m.set(repo, mine);
  }
}

/** Rejections listed in a response; the total is always reported in `rejectedCount`. */
export const MAX_LISTED_REJECTIONS = 1000;

export interface ImportOptions {
  mode: ImportMode;
  /** called every `progressEvery` lines with the number of lines read so far */
  onProgress?: (linesRead: number) => void;
  progressEvery?: number;
  /**
   * With more accepted records than this, answer once the rows are committed and rebuild the
   * derived facts in the background (`facts: 'rebuilding'`). Absent: always wait for them.
   */
  deferFactsAbove?: number;
}

export interface ImportOutcome extends ImportResult {
  rejectedCount: number;
  lines: number;
  /** true when the import was written (strict with no rejection, or lenient) */
  committed: boolean;
}

/**
 * The one ingestion path for canonical NDJSON: HTTP import, the CLI and the demo seeding all
 * stream lines through here. Everything is written in one transaction: strict mode rolls it
 * back on the first invalid line (and keeps reading only to report further errors), so a
 * strict import is all-or-nothing; lenient mode writes the valid lines.
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger(ImportService.name);

  constructor(
    private readonly repository: IngestRepository,
    private readonly metrics: IngestMetrics,
    private readonly recompute: RecomputeService,
  ) {}

  /** `lines`: one line at a time, or batches of lines (the HTTP body's chunks: fewer promises per line). */
  async importLines(lines: AsyncIterable<string | readonly string[]>, options: ImportOptions): Promise<ImportOutcome> {
    const started = Date.now();
    const rejected: ImportRejection[] = [];
    let rejectedCount = 0;
    const byType: Partial<Record<RecordType, number>> = {};
    let accepted = 0;
    let lineNo = 0;
    let writing = true;
    const touched: Touched = { repos: new Set(), services: new Set(), incidents: new Set() };
    let touchAll = false;
    let marker: string | null = null;
    const progressEvery = options.progressEvery ?? 10_000;
    const tx = await this.repository.begin();
    try {
      for await (const item of lines) {
        for (const raw of typeof item === 'string' ? [item] : item) {
          lineNo++;
          if (options.onProgress && lineNo % progressEvery === 0) options.onProgress(lineNo);
          const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
          if (line.trim() === '') continue;
          const result = parseLine(line);
          if (!result.ok) {
            rejectedCount++;
            if (rejected.length < MAX_LISTED_REJECTIONS) rejected.push({ line: lineNo, field: result.field, message: result.message });
            if (options.mode === 'strict' && writing) {
              writing = false;
              await tx.rollback();
            }
            continue;
          }
          accepted++;
          byType[result.record.type] = (byType[result.record.type] ?? 0) + 1;
          if (writing) {
            const flushing = tx.add(result.record);
            if (flushing) await flushing;
            touchAll ||= touch(touched, result.record);
          }
        }
      }
      // a large import answers with its rows committed and its facts marked pending (same transaction)
      if (writing && options.deferFactsAbove !== undefined && accepted > options.deferFactsAbove) marker = await tx.markFactsPending();
      if (writing) await tx.commit();
    } catch (err) {
      await tx.rollback();
      throw err;
    }
    options.onProgress?.(lineNo);
    const committed = writing;
    if (committed) this.metrics.rowsIngested(byType);
    const scope: Touched = touchAll ? { repos: null, services: null } : touched;
    let facts: ImportOutcome['facts'] = 'current';
    if (committed && accepted > 0) {
      if (marker) {
        this.recompute.defer(scope, marker);
        facts = 'rebuilding';
      } else {
        // derived facts (attribution, shipping, outcomes) follow the data before we answer
        await this.recompute.recompute(scope);
      }
    }
    this.logger.log(
      { mode: options.mode, lines: lineNo, accepted, rejected: rejectedCount, committed, facts, ms: Date.now() - started },
      'import finished',
    );
    return {
      facts,
      accepted: committed ? accepted : 0,
      rejected,
      rejectedCount,
      byType: committed ? byType : {},
      lines: lineNo,
      committed,
    };
  }

  /**
   * A connector's or webhook's batch: validates every record (the first invalid one fails the
   * batch with its field named, nothing written), then upserts the records, the raw payloads and
   * whatever `afterWrite` adds (the source's cursor) in ONE transaction. Idempotent.
   */
  async ingestBatch(records: readonly unknown[], options: BatchOptions = {}): Promise<BatchOutcome> {
    const valid: CanonicalRecord[] = [];
    records.forEach((value, i) => {
      const result = validateRecord(value);
      if (!result.ok) {
        const type = typeof (value as { type?: unknown })?.type === 'string' ? (value as { type: string }).type : 'record';
        throw invalidField(`records[${i}].${result.field}`, `${type}: ${result.message}`);
      }
      valid.push(result.record);
    });
    const byType: Partial<Record<RecordType, number>> = {};
    const touched = emptyTouched();
    let touchAll = false;
    const tx = await this.repository.begin();
    try {
      if (options.raw?.length) {
        const fresh = await tx.addRaw(options.raw);
        if (options.dedupe && fresh.size === 0) {
          await tx.rollback();
          return { duplicate: true, byType: {}, touched, touchAll: false };
        }
      }
      for (const record of valid) {
        await tx.add(record);
        byType[record.type] = (byType[record.type] ?? 0) + 1;
        touchAll = touch(touched, record) || touchAll;
      }
      if (options.afterWrite) await options.afterWrite(tx);
      await tx.commit();
    } catch (err) {
      await tx.rollback();
      throw err;
    }
    this.metrics.rowsIngested(byType);
    if (options.recompute !== false && valid.length > 0) await this.recomputeTouched(touched, touchAll);
    return { duplicate: false, byType, touched, touchAll };
  }

  /** Rebuilds the derived facts a batch (or a whole run) touched. */
  async recomputeTouched(touched: Touched, touchAll: boolean): Promise<void> {
    await this.recompute.recompute(touchAll ? { repos: null, services: null } : touched);
  }

  /** Like importLines, but a strict import with rejections becomes a 422 carrying the result. */
  async importOrReject(lines: AsyncIterable<string | readonly string[]>, options: ImportOptions): Promise<ImportOutcome> {
    const outcome = await this.importLines(lines, options);
    if (!outcome.committed) {
      const first = outcome.rejected[0]!;
      throw new DomainError(
        'import_rejected',
        `Strict import rejected: ${outcome.rejectedCount} invalid line(s), nothing was written. First: line ${first.line}, ${first.field}: ${first.message}`,
        { rejected: outcome.rejected },
        { accepted: 0, rejected: outcome.rejected, rejectedCount: outcome.rejectedCount, byType: {} },
      );
    }
    return outcome;
  }
}
