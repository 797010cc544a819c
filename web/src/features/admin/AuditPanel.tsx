import { useInfiniteQuery } from '@tanstack/react-query';
import { auditQueryOptions } from '../../api/audit.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { toCsv } from '../../lib/csv';
import { formatDateTime } from '../../lib/format';
import { auditCsvColumns, auditDetailsText } from './adminForms';

export interface AuditPanelProps {
  timeZone: string;
}

/** Sign-ins and admin changes, newest first, in cursor pages (`GET /api/v1/audit`). */
export function AuditPanel({ timeZone }: AuditPanelProps) {
  const audit = useInfiniteQuery(auditQueryOptions());
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <section className="panel panel--table" aria-labelledby="admin-audit">
      <div className="panel__header">
        <h2 id="admin-audit">Audit log</h2>
        <DownloadCsvButton
          filename="bearing-audit-log.csv"
          label="Download CSV of loaded entries"
          getCsv={() => toCsv(auditCsvColumns, entries)}
          disabled={entries.length === 0}
        />
      </div>
      <p className="panel__intro">Sign-ins (successful and failed) and admin changes, newest first.</p>
      {audit.isPending ? <LoadingState label="Loading the audit log…" minHeight={160} /> : null}
      {audit.isError && entries.length === 0 ? (
        <ErrorState error={audit.error} what="the audit log" onRetry={() => void audit.refetch()} />
      ) : null}
      {audit.isSuccess && entries.length === 0 ? <EmptyState title="No audit entries yet" /> : null}
      {entries.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit log">
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When ({timeZone})</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">IP</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.at, timeZone)}</td>
                  <td><code>{entry.action}</code></td>
                  <td>{entry.outcome === 'success' ? 'success' : <span className="tag">{entry.outcome}</span>}</td>
                  <td>{entry.actorLabel ?? entry.actorId ?? '—'}</td>
                  <td>{entry.target ?? '—'}</td>
                  <td>{entry.ip ?? '—'}</td>
                  <td className="muted">{auditDetailsText(entry.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {audit.isFetchNextPageError ? (
        <ErrorState error={audit.error} what="more audit entries" onRetry={() => void audit.fetchNextPage()} />
      ) : null}
      {audit.hasNextPage ? (
        <p className="load-more">
          <button type="button" className="button button--secondary" disabled={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
            {audit.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
          </button>
        </p>
      ) : entries.length > 0 ? (
        <p className="muted">{entries.length} entries: the whole log is loaded.</p>
      ) : null}
    </section>
  );
}
