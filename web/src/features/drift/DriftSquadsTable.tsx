import type { ReactNode } from 'react';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { NotAvailableYet } from '../../components/NotAvailableYet';
import { fileSlug, toCsv } from '../../lib/csv';
import { formatDuration, formatNumber, formatPercent } from '../../lib/format';
import type { LoadStatus } from '../../lib/status';
import { useDrillDown } from '../drilldown/drillParams';
import { driftCsvColumns, type DriftRow } from './drift';

export interface DriftSquadsTableProps {
  rows: DriftRow[];
  total: DriftRow | null;
  status: LoadStatus;
  unavailable: boolean;
  error: unknown;
  onRetry: () => void;
  period: string;
  scope: string;
}

/** Drift per squad: episodes, median and p90 recovery, caught within 15 min, over 2 h. */
export function DriftSquadsTable({ rows, total, status, unavailable, error, onRetry, period, scope }: DriftSquadsTableProps) {
  const { openDrill } = useDrillDown();
  const all = total ? [...rows, total] : rows;
  const value = (row: DriftRow, metric: string, text: string, what: string): ReactNode =>
    text === '—' ? (
      <span className="muted">—</span>
    ) : (
      <button
        type="button"
        className="metric-value"
        onClick={() => openDrill(metric, row.scope)}
        aria-label={`${text}: ${what}, ${row.name}. Show the episodes behind it`}
      >
        {text}
      </button>
    );
  const renderRow = (row: DriftRow) => (
    <tr key={row.scope} className={row.kind === 'total' ? 'total-row' : undefined}>
      <th scope="row">{row.name}</th>
      <td className="num">{value(row, 'drift_episodes', formatNumber(row.episodes, 0), 'drift episodes')}</td>
      <td className="num">{value(row, 'drift_recovery_time', formatDuration(row.recoveryMedian), 'median drift recovery time')}</td>
      <td className="num">{value(row, 'drift_recovery_time', formatDuration(row.recoveryP90), 'p90 drift recovery time')}</td>
      <td className="num">{value(row, 'drift_caught_early_rate', formatPercent(row.caughtEarly), 'share caught within 15 minutes')}</td>
      <td className="num">{value(row, 'drift_expensive_rate', formatPercent(row.expensive), 'share over 2 hours')}</td>
    </tr>
  );
  return (
    <section className="panel panel--table" aria-labelledby="drift-squads">
      <div className="panel__header">
        <h2 id="drift-squads">Drift per squad</h2>
        <DownloadCsvButton
          filename={`bearing-drift-${fileSlug(scope)}.csv`}
          getCsv={() => toCsv(driftCsvColumns, all)}
          disabled={status !== 'success' || all.length === 0}
        />
      </div>
      <p className="panel__intro">
        Is drift caught early? Episodes started and recovery times of the episodes recovered,{' '}
        {period}. Click a number to see the episodes behind it.
      </p>
      {unavailable ? (
        <NotAvailableYet what="Drift metrics" minHeight={120}>
          This server does not compute drift episodes and drift recovery time yet. They arrive with
          the drift engine; the rest of this view is unaffected.
        </NotAvailableYet>
      ) : (
        <>
          {status === 'pending' ? <LoadingState label="Loading drift…" minHeight={160} /> : null}
          {status === 'error' ? <ErrorState error={error} what="drift metrics" onRetry={onRetry} /> : null}
          {status === 'success' && rows.length === 0 ? <EmptyState title="No squads in this scope" /> : null}
          {status === 'success' && rows.length > 0 ? (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Drift per squad">
              <table className="data-table">
                <caption className="visually-hidden">Drift episodes and recovery per squad, {period}</caption>
                <thead>
                  <tr>
                    <th scope="col">Squad</th>
                    <th scope="col" className="num">Episodes</th>
                    <th scope="col" className="num">Recovery (median)</th>
                    <th scope="col" className="num">Recovery (p90)</th>
                    <th scope="col" className="num">Caught ≤ 15 min</th>
                    <th scope="col" className="num">Over 2 h</th>
                  </tr>
                </thead>
                <tbody>{rows.map(renderRow)}</tbody>
                {total ? <tfoot>{renderRow(total)}</tfoot> : null}
              </table>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
