import type { MetricValue, SeriesPoint } from '@bearing/shared';
import type { Period } from '../period.js';
import { countMetric, rateMetric } from './aggregate.js';

/** What the citation metrics read of a PR merged in the period: its citations (kind as of its merge time). */
export interface CitingPrFacts {
  agent: boolean;
  bot: boolean;
  /** local date of the merge, org zone */
  localDate: string;
  citations: { key: string; kind: 'active' | 'retired' | 'unknown'; via: 'key' | 'path' }[];
}

/** A PR merged in the period with its citations and what the drill-downs show of it. */
export interface CitingPrRow extends CitingPrFacts {
  repo: string;
  number: number;
  title: string | null;
  author: string;
  mergedAt: string;
}

/** The drill-down rule of one merged PR for `pattern_citation_rate`. */
export function citationRule(pr: Pick<CitingPrRow, 'bot' | 'citations'>): string {
  if (pr.bot) return 'excluded-bot-pr';
  const kinds = new Set(pr.citations.map((c) => c.kind));
  if (kinds.has('active')) return 'cites-active-pattern';
  if (kinds.has('retired')) return 'cites-retired-only';
  if (kinds.has('unknown')) return 'unknown-key';
  return 'no-citation';
}

const citesActive = (pr: CitingPrFacts) => pr.citations.some((c) => c.kind === 'active');
const citesRetired = (pr: CitingPrFacts) => pr.citations.some((c) => c.kind === 'retired');
const rate = (prs: CitingPrFacts[]) => ({
  value: prs.length ? prs.filter(citesActive).length / prs.length : null,
  sampleSize: prs.length,
});

/**
 * `pattern_citation_rate`: merged PRs (by merge time, bot authors excluded) citing at least one
 * pattern active at their merge time ÷ merged PRs; null when no PR was merged. Split agent/human.
 */
export function patternCitationRate(prs: CitingPrFacts[], p: Period): MetricValue {
  const counted = prs.filter((r) => !r.bot && r.localDate >= p.from && r.localDate < p.to);
  const m = rateMetric(counted.map((r) => ({ localDate: r.localDate, hit: citesActive(r) })), p);
  return {
    value: m.value,
    unit: 'ratio',
    sampleSize: m.sampleSize,
    citing: m.hits,
    series: m.series,
    split: { agent: rate(counted.filter((r) => r.agent)), human: rate(counted.filter((r) => !r.agent)) },
  };
}

/** `retired_pattern_citations`: merged PRs citing a pattern retired before their merge (the migration list). */
export function retiredPatternCitations(prs: CitingPrFacts[], p: Period): MetricValue {
  const hits = prs.filter((r) => r.localDate >= p.from && r.localDate < p.to && citesRetired(r));
  const m = countMetric(hits, p);
  return {
    value: m.value,
    unit: 'count',
    sampleSize: m.sampleSize,
    series: m.series,
    split: { agent: { value: hits.filter((r) => r.agent).length }, human: { value: hits.filter((r) => !r.agent).length } },
  };
}

/** One point in time where the library changed (an entry added, edited or retired). */
export interface LibraryChange {
  key: string;
  at: string;
  action: 'created' | 'edited' | 'retired';
}

/**
 * Seconds from the library's last change at or before `at` to `at`; null when the library
 * had no entry yet.
 */
export function freshnessAt(changes: LibraryChange[], at: string): { seconds: number | null; lastChangedAt: string | null; entries: number } {
  const t = Date.parse(at);
  let last: number | null = null;
  const entries = new Set<string>();
  for (const c of changes) {
    const ct = Date.parse(c.at);
    if (ct > t) continue;
    if (c.action === 'created') entries.add(c.key);
    if (last === null || ct > last) last = ct;
  }
  return { seconds: last === null ? null : (t - last) / 1000, lastChangedAt: last === null ? null : new Date(last).toISOString(), entries: entries.size };
}

/**
 * `pattern_library_freshness`: seconds since the library last changed, measured at the end of
 * the period (or `now` when earlier); `stale` when longer than the increment. Each series point
 * is measured at its bucket's end the same way. `ends` maps each bucket start (and the period's
 * `to`) to that local midnight as an instant in the org zone.
 */
export function patternLibraryFreshness(
  changes: LibraryChange[],
  ends: { periodEnd: string; bucketEnds: { start: string; end: string }[] },
  now: string,
  incrementDays: number,
): MetricValue {
  const cap = (at: string) => (Date.parse(at) < Date.parse(now) ? at : now);
  const f = freshnessAt(changes, cap(ends.periodEnd));
  const limit = incrementDays * 86_400;
  const series: SeriesPoint[] = ends.bucketEnds.map((b) => {
    const x = freshnessAt(changes, cap(b.end));
    return { start: b.start, value: x.seconds, sampleSize: x.entries };
  });
  return {
    value: f.seconds,
    unit: 'seconds',
    sampleSize: f.entries,
    lastChangedAt: f.lastChangedAt,
    stale: f.seconds === null ? null : f.seconds > limit,
    incrementDays,
    series,
  };
}
