import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { MetricPeriodQuery } from '../../api/metrics';
import { metricEventsInfiniteQueryOptions } from '../../api/metricEvents.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { fileSlug, toCsv } from '../../lib/csv';
import { formatDateTime, plural } from '../../lib/format';
import { pullRequestUrl } from '../drilldown/drillColumns';
import { useOrgStructure } from '../org/useOrgStructure';
import { toUncitedPrs, uncitedCsvColumns } from './patternStats';

const PAGE = 20;

export interface UncitedPrsPanelProps {
  query: MetricPeriodQuery;
  scopeName: string;
  period: string;
  timeZone: string;
}

/** Merged PRs of the squad citing no pattern (from the `pattern_citation_rate` drill-down). */
export function UncitedPrsPanel({ query, scopeName, period, timeZone }: UncitedPrsPanelProps) {
  const org = useOrgStructure();
  const events = useInfiniteQuery(metricEventsInfiniteQueryOptions({ ...query, metric: 'pattern_citation_rate', limit: 500 }));
  const pages = events.data?.pages;
  const prs = useMemo(() => toUncitedPrs(pages ?? []), [pages]);
  const repoUrls = useMemo(() => {
    const urls = new Map<string, string>();
    for (const squad of org.squads) for (const repo of squad.repositories) if (repo.url) urls.set(repo.key, repo.url);
    return urls;
  }, [org.squads]);
  const merged = (pages ?? []).reduce((n, p) => n + p.rows.length, 0);
  // a long list stays short on the page; the CSV has every loaded row
  const [shown, setShown] = useState(PAGE);

  return (
    <section className="panel panel--table" aria-labelledby="uncited-prs" data-testid="uncited-prs">
      <div className="panel__header">
        <h2 id="uncited-prs">Merged PRs without a pattern citation</h2>
        <DownloadCsvButton
          filename={`bearing-uncited-prs-${fileSlug(query.scope)}-${query.from}-to-${query.to}.csv`}
          getCsv={() => toCsv(uncitedCsvColumns, prs)}
          disabled={prs.length === 0}
        />
      </div>
      <p className="panel__intro">
        PRs of {scopeName} merged {period} whose title and description cite no pattern (bot PRs
        left out). Citing a pattern key, or linking its file, tells reviewers which convention applies.
      </p>
      {events.isPending ? <LoadingState label="Loading merged PRs…" minHeight={120} /> : null}
      {events.isError && prs.length === 0 ? (
        <ErrorState error={events.error} what="merged PRs" onRetry={() => void events.refetch()} />
      ) : null}
      {events.isSuccess && prs.length === 0 ? (
        <EmptyState title={merged === 0 ? 'No merged PRs in this period' : 'Every merged PR cites a pattern'}>
          {merged === 0
            ? `${scopeName} merged no pull requests in ${period}; they come from GitHub or an import.`
            : `All ${plural(merged, 'merged PR')} of ${scopeName} cite a pattern.`}
        </EmptyState>
      ) : null}
      {prs.length > 0 ? (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Merged PRs without a pattern citation">
            <table className="data-table data-table--compact drill-table">
              <caption className="visually-hidden">Merged PRs without a pattern citation, {scopeName}, {period}</caption>
              <thead>
                <tr>
                  <th scope="col">Pull request</th>
                  <th scope="col">Title</th>
                  <th scope="col">Author</th>
                  <th scope="col">Merged</th>
                </tr>
              </thead>
              <tbody>
                {prs.slice(0, shown).map((pr) => {
                  const href = pullRequestUrl(repoUrls.get(pr.repo) ?? null, pr.number);
                  const label = `${pr.repo}#${pr.number}`;
                  return (
                    <tr key={label}>
                      <th scope="row">{href ? <a href={href}>{label}</a> : <code>{label}</code>}</th>
                      <td className="wrap">{pr.title || <span className="muted">—</span>}</td>
                      <td>
                        {pr.author}
                        {pr.agent ? <span className="tag">agent</span> : null}
                      </td>
                      <td>{formatDateTime(pr.mergedAt, timeZone)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="load-more">
            <p className="muted" role="status">
              Showing {Math.min(shown, prs.length)} of {plural(prs.length, 'PR')} without a citation, out of{' '}
              {plural(merged, 'merged PR')} loaded
              {events.hasNextPage ? ' (more available)' : ''}.
            </p>
            {prs.length > shown ? (
              <button type="button" className="button" onClick={() => setShown((n) => n + 50)}>
                Show more ({prs.length - shown} hidden)
              </button>
            ) : events.hasNextPage ? (
              <button type="button" className="button" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                {events.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
