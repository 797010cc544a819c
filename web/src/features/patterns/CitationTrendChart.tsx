import type { Interval } from '@bearing/shared';
import { formatPercent } from '../../lib/format';
import type { LoadStatus } from '../../lib/status';
import { bucketLabel, perBucket, trendCaption } from '../charts/buckets';
import { ChartFigure } from '../charts/ChartFigure';
import { axisScaleFor, type TrendData } from '../charts/trendData';

export interface CitationTrendChartProps {
  data: TrendData;
  status: LoadStatus;
  error: unknown;
  onRetry: () => void;
  interval: Interval;
  scopeLabel: string;
  from: string;
  to: string;
  timeZone: string;
}

/** Pattern citation rate per week (or month), one line per squad. */
export function CitationTrendChart({ data, status, error, onRetry, interval, scopeLabel, from, to, timeZone }: CitationTrendChartProps) {
  const title = `Pattern citation rate ${perBucket(interval)}`;
  const definition = 'share of the merged PRs (bots excluded) citing an active pattern, per squad';
  return (
    <section className="panel" aria-labelledby="citation-trend">
      <h2 id="citation-trend">{title}</h2>
      <ChartFigure
        testId="citation-rate-chart"
        status={status}
        error={error}
        onRetry={onRetry}
        hasData={data.points > 0}
        what="pattern citation rates"
        emptyTitle="No merged PRs in this period"
        emptyBody="The citation rate needs merged pull requests of the squads in this scope."
        title={`${title}, ${scopeLabel}`}
        caption={trendCaption({ title, scopeLabel, from, to, interval, timeZone, definition })}
        render={(charts) => (
          <charts.TrendChart
            data={data}
            interval={interval}
            scale={axisScaleFor('ratio', data.max)}
            formatValue={(v) => formatPercent(v)}
            title={`${title}, ${scopeLabel}`}
            description={definition}
          />
        )}
        table={{
          rowHeader: interval === 'week' ? 'Week' : 'Month',
          columns: data.lines.map((l) => l.label),
          rows: data.rows.map((row) => ({
            label: bucketLabel(row.start, interval),
            cells: data.lines.map((l) => formatPercent(row[l.id])),
          })),
        }}
      />
    </section>
  );
}
