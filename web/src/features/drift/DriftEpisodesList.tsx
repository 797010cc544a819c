import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useMemo, type ReactNode } from 'react';
import { isNotAvailableYet } from '../../api/availability';
import type { DriftEpisodesQuery } from '../../api/drift';
import { driftEpisodesInfiniteQueryOptions } from '../../api/drift.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { NotAvailableYet } from '../../components/NotAvailableYet';
import { fileSlug, toCsv } from '../../lib/csv';
import { formatDateTime, formatDuration, plural } from '../../lib/format';
import { pullRequestUrl } from '../drilldown/drillColumns';
import { useOrgStructure } from '../org/useOrgStructure';
import { episodeCsvColumns, toEpisodeRows } from './drift';

export interface DriftEpisodesListProps {
  query: DriftEpisodesQuery;
  title: string;
  intro: ReactNode;
  /** what an empty list means, and how to get data */
  empty: ReactNode;
  timeZone: string;
  /** show the squad column (org and group lists) */
  showSquad?: boolean;
}

/**
 * Drift episodes from `GET /drift/episodes`: unit, squad, when it started, how long it has been
 * open (or took), its signals and the rule that recovered it. Paged with "Load more".
 */
export function DriftEpisodesList({ query, title, intro, empty, timeZone, showSquad = false }: DriftEpisodesListProps) {
  const headingId = useId();
  const org = useOrgStructure();
  const episodes = useInfiniteQuery(driftEpisodesInfiniteQueryOptions(query));
  const pages = episodes.data?.pages ?? [];
  const squadNames = useMemo(() => new Map(org.squads.map((s) => [s.key, s.name])), [org.squads]);
  const repoUrls = useMemo(() => {
    const urls = new Map<string, string>();
    for (const squad of org.squads) for (const repo of squad.repositories) if (repo.url) urls.set(repo.key, repo.url);
    return urls;
  }, [org.squads]);
  const rows = useMemo(
    () => toEpisodeRows(pages.flatMap((p) => p.rows), (key) => squadNames.get(key)),
    [pages, squadNames],
  );
  const unavailable = episodes.isError && isNotAvailableYet(episodes.error);

  return (
    <section className="panel panel--table" aria-labelledby={headingId} data-testid="drift-episodes">
      <div className="panel__header">
        <h2 id={headingId}>{title}</h2>
        <DownloadCsvButton
          filename={`bearing-drift-episodes-${fileSlug(query.scope)}-${query.from}-to-${query.to}.csv`}
          getCsv={() => toCsv(episodeCsvColumns, rows)}
          disabled={rows.length === 0}
        />
      </div>
      <p className="panel__intro">{intro}</p>
      {unavailable ? (
        <NotAvailableYet what="Drift episodes" minHeight={120}>
          This server does not list drift episodes yet (<code>GET /api/v1/drift/episodes</code>). They
          arrive with the drift engine; the rest of this view is unaffected.
        </NotAvailableYet>
      ) : null}
      {episodes.isPending ? <LoadingState label="Loading drift episodes…" minHeight={120} /> : null}
      {episodes.isError && !unavailable && rows.length === 0 ? (
        <ErrorState error={episodes.error} what="drift episodes" onRetry={() => void episodes.refetch()} />
      ) : null}
      {episodes.isSuccess && rows.length === 0 ? <EmptyState title="No drift episodes">{empty}</EmptyState> : null}
      {rows.length > 0 ? (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
            <table className="data-table data-table--compact drill-table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">Unit</th>
                  {showSquad ? <th scope="col">Squad</th> : null}
                  <th scope="col">Started</th>
                  <th scope="col" className="num">Open for / took</th>
                  <th scope="col">Signals</th>
                  <th scope="col">Recovery</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const href = row.repo && row.pullRequest !== null ? pullRequestUrl(repoUrls.get(row.repo) ?? null, row.pullRequest) : null;
                  return (
                    <tr key={row.id}>
                      <th scope="row">
                        {href ? <a href={href}>{row.unit}</a> : <code>{row.unit}</code>}
                        {row.agent ? <span className="tag">agent</span> : null}
                      </th>
                      {showSquad ? <td>{row.squad}</td> : null}
                      <td>{formatDateTime(row.startedAt, timeZone)}</td>
                      <td className="num">
                        {formatDuration(row.seconds)}
                        {row.status === 'open' ? <span className="tag">open</span> : null}
                      </td>
                      <td className="wrap" title={row.why || undefined}>
                        {row.signals}
                        {row.why ? <div className="muted">{row.why}</div> : null}
                      </td>
                      <td>{row.recovery}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="load-more">
            <p className="muted" role="status">
              Showing {plural(rows.length, 'episode')}
              {episodes.hasNextPage ? ' (more available)' : ''}.
            </p>
            {episodes.hasNextPage ? (
              <button type="button" className="button" onClick={() => void episodes.fetchNextPage()} disabled={episodes.isFetchingNextPage}>
                {episodes.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
