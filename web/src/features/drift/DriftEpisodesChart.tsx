import type { Interval } from '@bearing/shared';
import { NotAvailableYet } from '../../components/NotAvailableYet';
import { formatNumber, plural } from '../../lib/format';
import type { LoadStatus } from '../../lib/status';
import { bucketLabel, perBucket, trendCaption } from '../charts/buckets';
import { ChartFigure } from '../charts/ChartFigure';
import { axisScaleFor, type TrendData } from '../charts/trendData';

export interface DriftEpisodesChartProps {
  data: TrendData;
  status: LoadStatus;
  unavailable: boolean;
  error: unknown;
  onRetry: () => void;
  interval: Interval;
  scopeLabel: string;
  from: string;
  to: string;
  timeZone: string;
}

/** Drift episodes started per week (or month), one line per squad. */
export function DriftEpisodesChart({ data, status, unavailable, error, onRetry, interval, scopeLabel, from, to, timeZone }: DriftEpisodesChartProps) {
  const title = `Drift episodes ${perBucket(interval)}`;
  const definition = 'drift episodes started in each bucket, per squad (squads without drift are left out)';
  return (
    <section className="panel" aria-labelledby="drift-episodes-chart">
      <h2 id="drift-episodes-chart">{title}</h2>
      {unavailable ? (
        <NotAvailableYet what="Drift episodes" minHeight={160}>
          This server does not count drift episodes yet.
        </NotAvailableYet>
      ) : (
        <ChartFigure
          testId="drift-episodes-chart"
          status={status}
          error={error}
          onRetry={onRetry}
          hasData={data.points > 0 && data.max > 0}
          what="drift episodes"
          emptyTitle="No drift episodes in this period"
          emptyBody="No agent session or PR branch drifted in this scope and period. Drift needs CI runs, CODEOWNERS, pattern citations or agent-session events."
          title={`${title}, ${scopeLabel}`}
          caption={trendCaption({ title, scopeLabel, from, to, interval, timeZone, definition })}
          render={(charts) => (
            <charts.TrendChart
              data={data}
              interval={interval}
              scale={axisScaleFor('count', data.max, 'episodes')}
              formatValue={(v) => plural(v, 'episode')}
              title={`${title}, ${scopeLabel}`}
              description={definition}
            />
          )}
          table={{
            rowHeader: interval === 'week' ? 'Week' : 'Month',
            columns: data.lines.map((l) => l.label),
            rows: data.rows.map((row) => ({
              label: bucketLabel(row.start, interval),
              cells: data.lines.map((l) => (row[l.id] === null || row[l.id] === undefined ? '—' : formatNumber(row[l.id], 0))),
            })),
          }}
        />
      )}
    </section>
  );
}
