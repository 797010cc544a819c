import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { syncRunsInfiniteQueryOptions } from '../../api/sources.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { toCsv } from '../../lib/csv';
import { formatDateTime, formatDuration, plural } from '../../lib/format';
import { recordsText, syncRunCsvColumns } from './syncRuns';

export interface SyncRunsPanelProps {
  timeZone: string;
}

/** The sync-run log: every run of every source, newest first, paged. */
export function SyncRunsPanel({ timeZone }: SyncRunsPanelProps) {
  // every 15 s; every 2 s while a run is in progress, so its outcome shows promptly
  const runs = useInfiniteQuery({
    ...syncRunsInfiniteQueryOptions({ limit: 25 }),
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.rows.some((r) => r.status === 'running')) ? 2_000 : 15_000),
  });
  const pages = runs.data?.pages;
  const rows = useMemo(() => (pages ?? []).flatMap((p) => p.rows), [pages]);
  return (
    <section className="panel panel--table" aria-labelledby="sync-runs" data-testid="sync-runs">
      <div className="panel__header">
        <h2 id="sync-runs">Sync-run log</h2>
        <DownloadCsvButton filename="bearing-sync-runs.csv" getCsv={() => toCsv(syncRunCsvColumns, rows)} disabled={rows.length === 0} />
      </div>
      {runs.isPending ? <LoadingState label="Loading sync runs…" minHeight={100} /> : null}
      {runs.isError && rows.length === 0 ? <ErrorState error={runs.error} what="sync runs" onRetry={() => void runs.refetch()} /> : null}
      {runs.isSuccess && rows.length === 0 ? <EmptyState title="No sync runs yet">Runs appear here once a source syncs.</EmptyState> : null}
      {rows.length > 0 ? (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Sync runs">
            <table className="data-table data-table--compact drill-table">
              <caption className="visually-hidden">Sync runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Started</th>
                  <th scope="col" className="num">Took</th>
                  <th scope="col">Status</th>
                  <th scope="col">Records</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.sourceName}</th>
                    <td>{r.trigger}</td>
                    <td>{formatDateTime(r.startedAt, timeZone)}</td>
                    <td className="num">{r.finishedAt ? formatDuration((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000) : '—'}</td>
                    <td>
                      <span className={`tag tag--${r.status}`}>{r.status}</span>
                    </td>
                    <td className="wrap">{recordsText(r.recordsByType)}</td>
                    <td className="wrap">{r.error ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="load-more">
            <p className="muted" role="status">
              Showing {plural(rows.length, 'run')}
              {runs.hasNextPage ? ' (more available)' : ''}.
            </p>
            {runs.hasNextPage ? (
              <button type="button" className="button" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
                {runs.isFetchingNextPage ? 'Loading…' : 'Load older runs'}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
