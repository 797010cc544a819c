import type {
  MetricEventsResponse,
  MetricsResponse,
  PatternLibraryFreshness,
  PatternWithCitations,
  ScopeParam,
  SquadSummary,
} from '@bearing/shared';
import type { CsvColumn } from '../../lib/csv';
import { formatDuration } from '../../lib/format';
import { toTrendData, type TrendData } from '../charts/trendData';

/** One entry of the most/least cited lists. */
export interface CitedPattern {
  key: string;
  title: string;
  status: PatternWithCitations['status'];
  citations: number;
  retiredCitations: number;
  replacedBy: string | null;
}

const toCited = (p: PatternWithCitations): CitedPattern => ({
  key: p.key,
  title: p.title,
  status: p.status,
  citations: p.citations,
  retiredCitations: p.retiredCitations,
  replacedBy: p.replacedBy,
});

/**
 * Most cited: patterns cited at least once, most first (ties by key). Least cited: active
 * patterns only (a retired one is supposed to fade), fewest first, uncited ones included —
 * they are the candidates to promote or retire. The two lists never share an entry when the
 * library is larger than both together.
 */
export function toCitedPatterns(patterns: readonly PatternWithCitations[], size = 5): { most: CitedPattern[]; least: CitedPattern[] } {
  const byKey = (a: PatternWithCitations, b: PatternWithCitations) => a.key.localeCompare(b.key);
  const most = patterns
    .filter((p) => p.citations > 0)
    .sort((a, b) => b.citations - a.citations || byKey(a, b))
    .slice(0, size);
  const taken = new Set(most.map((p) => p.key));
  const active = patterns.filter((p) => p.status === 'active');
  const least = active
    .filter((p) => !taken.has(p.key) || active.length <= size)
    .sort((a, b) => a.citations - b.citations || byKey(a, b))
    .slice(0, size);
  return { most: most.map(toCited), least: least.map(toCited) };
}

/** Pattern citation rate per bucket, one line per squad with merged PRs. */
export function toCitationTrend(
  squads: ReadonlyArray<Pick<SquadSummary, 'key' | 'name'>>,
  byScope: ReadonlyMap<ScopeParam, MetricsResponse | undefined>,
): TrendData {
  const inputs = [...squads]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({ label: s.name, series: byScope.get(`squad:${s.key}`)?.metrics.pattern_citation_rate?.series ?? [] }))
    .filter((input) => input.series.some((p) => typeof p.value === 'number'));
  return toTrendData(inputs);
}

/** "Last changed 3 d 4 h ago — fresh" / "… — stale (no change in 14 days)" / "The library is empty". */
export function freshnessText(f: PatternLibraryFreshness): string {
  if (f.seconds === null) return 'The library is empty: add patterns, or point a git source at the patterns folder.';
  const age = `Last changed ${formatDuration(f.seconds)} before the end of the period`;
  if (f.stale === true) return `${age}: stale (no change within ${f.incrementDays} days).`;
  if (f.stale === false) return `${age}: fresh (changed within ${f.incrementDays} days).`;
  return `${age}.`;
}

/** A merged PR from the `pattern_citation_rate` drill-down. */
export interface CitingPrRow {
  pullRequest: {
    repo: string;
    number: number;
    title: string | null;
    author: string;
    agent: boolean;
    bot: boolean;
    mergedAt: string;
  };
  citations: Array<{ key: string; kind: 'active' | 'retired' | 'unknown'; via: 'key' | 'path' }>;
  rule: string;
}

function isCitingPrRow(row: unknown): row is CitingPrRow {
  if (typeof row !== 'object' || row === null) return false;
  const r = row as Partial<CitingPrRow>;
  return (
    typeof r.pullRequest === 'object' &&
    r.pullRequest !== null &&
    typeof r.pullRequest.repo === 'string' &&
    typeof r.pullRequest.number === 'number' &&
    Array.isArray(r.citations)
  );
}

/** One merged PR that cites no pattern at all. */
export interface UncitedPr {
  repo: string;
  number: number;
  title: string;
  author: string;
  agent: boolean;
  mergedAt: string;
}

/**
 * The merged PRs that cite no pattern (`citations` empty), from `pattern_citation_rate`
 * drill-down pages; bot PRs are left out as the metric leaves them out. Newest merge first.
 */
export function toUncitedPrs(pages: ReadonlyArray<Pick<MetricEventsResponse, 'rows'>>): UncitedPr[] {
  return pages
    .flatMap((p): unknown[] => p.rows)
    .filter(isCitingPrRow)
    .filter((r) => r.citations.length === 0 && !r.pullRequest.bot)
    .map((r) => ({
      repo: r.pullRequest.repo,
      number: r.pullRequest.number,
      title: r.pullRequest.title ?? '',
      author: r.pullRequest.author,
      agent: r.pullRequest.agent,
      mergedAt: r.pullRequest.mergedAt,
    }))
    .sort((a, b) => b.mergedAt.localeCompare(a.mergedAt) || a.repo.localeCompare(b.repo) || b.number - a.number);
}

export const uncitedCsvColumns: CsvColumn<UncitedPr>[] = [
  { header: 'repo', value: (r) => r.repo },
  { header: 'number', value: (r) => r.number },
  { header: 'title', value: (r) => r.title },
  { header: 'author', value: (r) => r.author },
  { header: 'agent', value: (r) => r.agent },
  { header: 'merged_at', value: (r) => r.mergedAt },
];

export const citedCsvColumns: CsvColumn<CitedPattern>[] = [
  { header: 'key', value: (r) => r.key },
  { header: 'title', value: (r) => r.title },
  { header: 'status', value: (r) => r.status },
  { header: 'citations', value: (r) => r.citations },
  { header: 'retired_citations', value: (r) => r.retiredCitations },
  { header: 'replaced_by', value: (r) => r.replacedBy },
];
