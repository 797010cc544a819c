import type { ReactNode } from 'react';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { fileSlug, toCsv } from '../../lib/csv';
import { formatDuration, formatNumber, formatPercent } from '../../lib/format';
import type { LoadStatus } from '../../lib/status';
import { useDrillDown } from '../drilldown/drillParams';
import { reviewCsvColumns, type ReviewRow } from './reviewConcentration';

export interface ReviewConcentrationTableProps {
  rows: ReviewRow[];
  total: ReviewRow | null;
  status: LoadStatus;
  error: unknown;
  onRetry: () => void;
  period: string;
  /** for the CSV file name */
  scope: string;
}

/**
 * Review concentration per squad and for the whole scope: the busiest reviewer's share and the
 * practice leads' share. Who the reviewers are is only in the drill-down (never a leaderboard).
 */
export function ReviewConcentrationTable({ rows, total, status, error, onRetry, period, scope }: ReviewConcentrationTableProps) {
  const { openDrill } = useDrillDown();
  const all = total ? [...rows, total] : rows;
  const valueButton = (row: ReviewRow, metric: string, text: string, what: string) =>
    text === '—' ? (
      <span className="muted">—</span>
    ) : (
      <button
        type="button"
        className="metric-value"
        onClick={() => openDrill(metric, row.scope)}
        aria-label={`${text}: ${what}, ${row.name}. Show the reviews behind it`}
      >
        {text}
      </button>
    );

  return (
    <section className="panel panel--table" aria-labelledby="review-concentration">
      <div className="panel__header">
        <h2 id="review-concentration">Review concentration</h2>
        <DownloadCsvButton
          filename={`bearing-review-concentration-${fileSlug(scope)}.csv`}
          getCsv={() => toCsv(reviewCsvColumns, all)}
          disabled={status !== 'success' || all.length === 0}
        />
      </div>
      <p className="panel__intro">
        Is review work spread across each squad, or does it rest on one person or on the practice
        leads? {period}. Click a share to see the reviewers and their counts.
      </p>
      {status === 'pending' ? <LoadingState label="Loading review concentration…" minHeight={200} /> : null}
      {status === 'error' ? <ErrorState error={error} what="review concentration" onRetry={onRetry} /> : null}
      {status === 'success' && rows.length === 0 ? (
        <EmptyState title="No squads in this scope">Import squads (npm run import) to see their reviews.</EmptyState>
      ) : null}
      {status === 'success' && rows.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Review concentration per squad">
          <table className="data-table">
            <caption className="visually-hidden">Review concentration and review pickup per squad, {period}</caption>
            <thead>
              <tr>
                <th scope="col">Squad</th>
                <th scope="col" className="num">Reviews</th>
                <th scope="col" className="num">Top reviewer&rsquo;s share</th>
                <th scope="col" className="num">Practice-lead share</th>
                <th scope="col" className="num">Review pickup (median)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <ReviewTableRow key={row.scope} row={row} valueButton={valueButton} />
              ))}
            </tbody>
            {total ? (
              <tfoot>
                <ReviewTableRow row={total} valueButton={valueButton} />
              </tfoot>
            ) : null}
          </table>
        </div>
      ) : null}
      {status === 'success' && total ? (
        <p className="table-note muted">
          The {total.name} row is the server&rsquo;s figure over all its reviews, not an average of
          the squads above.
        </p>
      ) : null}
    </section>
  );
}

function ReviewTableRow({
  row,
  valueButton,
}: {
  row: ReviewRow;
  valueButton: (row: ReviewRow, metric: string, text: string, what: string) => ReactNode;
}) {
  return (
    <tr className={row.kind === 'org' ? 'total-row' : undefined}>
      <th scope="row">{row.name}</th>
      <td className="num">{formatNumber(row.reviews, 0)}</td>
      <td className="num">
        {valueButton(row, 'review_concentration', formatPercent(row.topReviewerShare), 'top reviewer’s share of reviews')}
      </td>
      <td className="num">
        {valueButton(row, 'review_concentration', formatPercent(row.practiceLeadShare), 'practice-lead share of reviews')}
      </td>
      <td className="num">
        {valueButton(row, 'review_pickup_time', formatDuration(row.pickup?.value), 'median review pickup time')}
      </td>
    </tr>
  );
}
