import { useInfiniteQuery } from '@tanstack/react-query';
import type { MetricPeriodQuery } from '../../api/metrics';
import { metricEventsInfiniteQueryOptions } from '../../api/metricEvents.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { fileSlug, toCsv } from '../../lib/csv';
import { formatPeriod } from '../../lib/format';
import { eventCellCsv, eventColumns, flattenEventRow } from '../events/eventCells';
import { EventRowsTable } from '../events/EventRowsTable';
import { DEPLOYMENT_FREQUENCY } from './deploymentFrequency';

export interface DeploymentEventsProps {
  query: MetricPeriodQuery;
  scopeName: string;
  timeZone: string;
}

/** The drill-down: the deployments behind the number, paged with "Load more". */
export function DeploymentEvents({ query, scopeName, timeZone }: DeploymentEventsProps) {
  const events = useInfiniteQuery(
    metricEventsInfiniteQueryOptions({ ...query, metric: DEPLOYMENT_FREQUENCY }),
  );
  const pages = events.data?.pages ?? [];
  const rows = pages.flatMap((page) => page.rows);
  const rule = pages[0]?.rule;
  const period = formatPeriod(query.from, query.to);

  const csv = () => {
    const flat = rows.map(flattenEventRow);
    const columns = eventColumns(flat).map((column) => ({
      header: column.key,
      value: (row: Record<string, unknown>) => eventCellCsv(row[column.key]),
    }));
    return toCsv(columns, flat);
  };

  return (
    <section className="panel" aria-labelledby="deployment-events-heading">
      <div className="panel__header">
        <h2 id="deployment-events-heading">Deployments behind the number</h2>
        {rows.length > 0 ? (
          <DownloadCsvButton
            filename={`bearing-deployments-${fileSlug(query.scope)}-${query.from}-to-${query.to}-events.csv`}
            getCsv={csv}
            label={events.hasNextPage ? `Download CSV (${rows.length} loaded)` : 'Download CSV'}
          />
        ) : null}
      </div>
      {rule ? (
        <p className="rule">
          <span className="rule__label">Rule:</span> {rule}
        </p>
      ) : null}

      {events.isPending ? <LoadingState label="Loading deployments…" minHeight={120} /> : null}
      {events.isError && rows.length === 0 ? (
        <ErrorState error={events.error} what="the deployments" onRetry={() => void events.refetch()} />
      ) : null}
      {events.isSuccess && rows.length === 0 ? (
        <EmptyState title="No deployments in this period">
          {scopeName} has no successful production deployments finished in {period}.
        </EmptyState>
      ) : null}

      {rows.length > 0 ? (
        <>
          <EventRowsTable
            rows={rows}
            caption={`Successful production deployments, ${scopeName}, ${period}`}
            timeZone={timeZone}
          />
          <div className="load-more">
            <p className="muted" role="status">
              Showing {rows.length} {rows.length === 1 ? 'deployment' : 'deployments'}
              {events.hasNextPage ? ' (more available)' : ''}.
            </p>
            {events.isFetchNextPageError ? (
              <ErrorState
                error={events.error}
                what="more deployments"
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
    </section>
  );
}
