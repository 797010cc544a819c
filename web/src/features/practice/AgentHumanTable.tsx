import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { fileSlug, toCsv } from '../../lib/csv';
import { formatDuration, formatNumber } from '../../lib/format';
import type { LoadStatus } from '../../lib/status';
import { useDrillDown } from '../drilldown/drillParams';
import { splitCsvColumns, type SplitRow } from './reviewConcentration';

export interface AgentHumanTableProps {
  rows: SplitRow[];
  status: LoadStatus;
  error: unknown;
  onRetry: () => void;
  period: string;
  scope: string;
}

/** Agent-authored vs human-authored PRs: lead time and review pickup medians per squad. */
export function AgentHumanTable({ rows, status, error, onRetry, period, scope }: AgentHumanTableProps) {
  const { openDrill } = useDrillDown();
  const cell = (row: SplitRow, metric: string, value: number | null, what: string) =>
    value === null ? (
      <span className="muted">—</span>
    ) : (
      <button
        type="button"
        className="metric-value"
        onClick={() => openDrill(metric, row.scope)}
        aria-label={`${formatDuration(value)}: ${what}, ${row.name}. Show the PRs behind it`}
      >
        {formatDuration(value)}
      </button>
    );
  return (
    <section className="panel panel--table" aria-labelledby="agent-human">
      <div className="panel__header">
        <h2 id="agent-human">Agent vs human PRs</h2>
        <DownloadCsvButton
          filename={`bearing-agent-vs-human-${fileSlug(scope)}.csv`}
          getCsv={() => toCsv(splitCsvColumns, rows)}
          disabled={status !== 'success' || rows.length === 0}
        />
      </div>
      <p className="panel__intro">
        Medians of agent-authored and human-authored PRs, {period}. The ratio is agent ÷ human lead
        time: above 1 means agent PRs take longer to reach production.
      </p>
      {status === 'pending' ? <LoadingState label="Loading the agent/human split…" minHeight={160} /> : null}
      {status === 'error' ? <ErrorState error={error} what="the agent/human split" onRetry={onRetry} /> : null}
      {status === 'success' ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Agent vs human PRs per squad">
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">Agent vs human medians per squad, {period}</caption>
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>Squad</th>
                <th scope="colgroup" colSpan={3}>Lead time for changes (median)</th>
                <th scope="colgroup" colSpan={2}>Review pickup (median)</th>
              </tr>
              <tr>
                <th scope="col" className="num">Agent</th>
                <th scope="col" className="num">Human</th>
                <th scope="col" className="num">Agent ÷ human</th>
                <th scope="col" className="num">Agent</th>
                <th scope="col" className="num">Human</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.scope} className={row.kind === 'org' ? 'total-row' : undefined}>
                  <th scope="row">{row.name}</th>
                  <td className="num">{cell(row, 'lead_time_for_changes', row.leadAgent, 'agent PR lead time')}</td>
                  <td className="num">{cell(row, 'lead_time_for_changes', row.leadHuman, 'human PR lead time')}</td>
                  <td className="num">{row.leadRatio === null ? '—' : `× ${formatNumber(row.leadRatio, 2)}`}</td>
                  <td className="num">{cell(row, 'review_pickup_time', row.pickupAgent, 'agent PR review pickup')}</td>
                  <td className="num">{cell(row, 'review_pickup_time', row.pickupHuman, 'human PR review pickup')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
