import { Injectable } from '@nestjs/common';
import { OrgService } from '../org/org.service.js';
import { type ResolvedScope, type ScopeRef, formatScope } from '../org/scope.js';
import { MetricsRepository, type StoredTarget } from './metrics.repository.js';
import { type MetricRules, mergeRules } from './rules.js';

/** What every metrics request reads before it can answer: one query, shared for a moment. */
export interface Snapshot {
  timeZone: string;
  rules: MetricRules;
  /** bumped by every recompute, in the transaction that writes the facts */
  version: string;
  targets: ReadonlyMap<string, readonly StoredTarget[]>;
  resolve(ref: ScopeRef): Promise<ResolvedScope>;
}

/**
 * The org settings, facts version, targets and resolved scopes that every metrics request
 * needs, loaded in one query and kept for `TTL_MS`. A cache hit on the metrics bundle then
 * costs no database round trip at all (only authentication), which is what lets the
 * dashboard API sustain its throughput bar on two cores.
 *
 * Staleness is bounded: this process drops the snapshot as soon as a recompute finishes
 * (every data or settings change ends in one) or a target changes, so its own writes are
 * visible at once; another replica's writes are visible here within `TTL_MS`.
 */
@Injectable()
export class MetricsSnapshot {
  static readonly TTL_MS = 1000;
  private current: { loadedAt: number; value: Promise<Snapshot> } | null = null;

  constructor(
    private readonly repository: MetricsRepository,
    private readonly org: OrgService,
  ) {}

  /** Forget the snapshot: the next request loads a new one. */
  invalidate(): void {
    this.current = null;
  }

  get(): Promise<Snapshot> {
    const now = performance.now();
    if (this.current && now - this.current.loadedAt < MetricsSnapshot.TTL_MS) return this.current.value;
    const entry = { loadedAt: now, value: this.load() };
    this.current = entry;
    // a failed load (database down) is not kept: the next request tries again
    entry.value.catch(() => {
      if (this.current === entry) this.current = null;
    });
    return entry.value;
  }

  private async load(): Promise<Snapshot> {
    const s = await this.repository.snapshot();
    const targets = new Map<string, StoredTarget[]>();
    for (const t of s.targets) targets.set(t.scope, [...(targets.get(t.scope) ?? []), t]);
    const scopes = new Map<string, Promise<ResolvedScope>>();
    return {
      timeZone: s.timeZone,
      rules: mergeRules(s.timeZone, s.productionPattern, s.rules),
      version: s.factsVersion,
      targets,
      resolve: (ref) => {
        const key = formatScope(ref);
        let p = scopes.get(key);
        if (!p) {
          p = this.org.resolve(ref);
          scopes.set(key, p);
          // unknown scopes (404) and failures are not remembered
          p.catch(() => scopes.delete(key));
        }
        return p;
      },
    };
  }
}
