import type { MetricKey } from '@bearing/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import type { MetricPeriodQuery } from '../../api/metrics';
import { metricEventsInfiniteQueryOptions } from '../../api/metricEvents.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { fileSlug, toCsv } from '../../lib/csv';
import { plural } from '../../lib/format';
import { useOrgStructure } from '../org/useOrgStructure';
import {
  drillColumnsFor,
  drillCsvColumns,
  genericColumns,
  visibleColumns,
  type DrillContext,
} from './drillColumns';
import { DrillEventsTable } from './DrillEventsTable';

export interface MetricEventsProps {
  query: MetricPeriodQuery;
  metric: MetricKey;
  /** "deployments", "incidents" */
  noun: string;
  caption: string;
  timeZone: string;
  /** rows per page */
  limit?: number;
  /** what an empty list means here, and how to get data */
  empty: ReactNode;
  /** where the heading and CSV button go (inline panels); the dialog has its own */
  header?: (csvButton: ReactNode) => ReactNode;
}

/**
 * The rows behind a metric (`/metrics/<key>/events`), paged with "Load more": the rule
 * of the whole list, then one row per event with its own rule, and a CSV of what is loaded.
 */
export function MetricEvents({
  query,
  metric,
  noun,
  caption,
  timeZone,
  limit,
  empty,
  header,
}: MetricEventsProps) {
  const org = useOrgStructure();
  const events = useInfiniteQuery(metricEventsInfiniteQueryOptions({ ...query, metric, limit }));
  const pages = events.data?.pages ?? [];
  const rows = useMemo(() => pages.flatMap((page) => page.rows), [pages]);
  const rule = pages[0]?.rule;

  const repoUrls = useMemo(() => {
    const urls = new Map<string, string>();
    for (const squad of org.squads) for (const repo of squad.repositories) if (repo.url) urls.set(repo.key, repo.url);
    return urls;
  }, [org.squads]);
  const ctx: DrillContext = useMemo(
    () => ({ timeZone, repoUrl: (repo) => repoUrls.get(repo) ?? null }),
    [timeZone, repoUrls],
  );
  const allColumns = useMemo(() => drillColumnsFor(metric, ctx) ?? genericColumns(rows, ctx), [metric, ctx, rows]);
  const columns = useMemo(() => visibleColumns(allColumns), [allColumns]);

  const csvButton =
    rows.length > 0 ? (
      <DownloadCsvButton
        filename={`bearing-${metric}-${fileSlug(query.scope)}-${query.from}-to-${query.to}.csv`}
        getCsv={() => toCsv(drillCsvColumns(allColumns), rows)}
        label={events.hasNextPage ? `Download CSV (${rows.length} loaded)` : 'Download CSV'}
      />
    ) : null;

  return (
    <div className="metric-events">
      {header ? header(csvButton) : csvButton ? <div className="metric-events__actions">{csvButton}</div> : null}
      {rule ? (
        <p className="rule">
          <span className="rule__label">Rule:</span> {rule}
        </p>
      ) : null}
      {events.isPending ? <LoadingState label={`Loading ${noun}…`} minHeight={120} /> : null}
      {events.isError && rows.length === 0 ? (
        <ErrorState error={events.error} what={`the ${noun}`} onRetry={() => void events.refetch()} />
      ) : null}
      {events.isSuccess && rows.length === 0 ? <EmptyState title={`No ${noun} in this period`}>{empty}</EmptyState> : null}
      {rows.length > 0 ? (
        <>
          <DrillEventsTable rows={rows} columns={columns} caption={caption} />
          <div className="load-more">
            <p className="muted" role="status">
              Showing {plural(rows.length, noun.replace(/s$/, ''), noun)}
              {events.hasNextPage ? ' (more available)' : ''}.
            </p>
            {events.isFetchNextPageError ? (
              <ErrorState
                error={events.error}
                what={`more ${noun}`}
                onRetry={() => void events.fetchNextPage()}
              />
            ) : events.hasNextPage ? (
              <button
                type="button"
                className="button"
                onClick={() => void events.fetchNextPage()}
                disabled={events.isFetchingNextPage}
              >
                {events.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
