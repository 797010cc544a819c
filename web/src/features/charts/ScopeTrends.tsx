import type { Interval, MetricValue, SeriesPoint } from '@bearing/shared';
import { useQuery } from '@tanstack/react-query';
import type { MetricPeriodQuery } from '../../api/metrics';
import { metricsQueryOptions } from '../../api/metrics.queries';
import { formatDuration, formatNumber, formatPercent, plural } from '../../lib/format';
import type { LoadStatus } from '../../lib/status';
import { readTarget, targetText } from '../metrics/tiers';
import { METRIC_DEFS } from '../metrics/metricDefs';
import { bucketLabel, perBucket, trendCaption } from './buckets';
import { ChartFigure, type ChartTable } from './ChartFigure';
import { axisScaleFor, toTrendData } from './trendData';

interface TrendSpec {
  metric: 'deployment_frequency' | 'lead_time_for_changes' | 'change_failure_rate';
  testId: string;
  title: (interval: Interval) => string;
  unit: 'count' | 'seconds' | 'ratio';
  countLabel?: string;
  definition: string;
  /** the table's value column */
  valueHeader: string;
  sampleNoun: string;
  format: (value: number) => string;
  emptyTitle: string;
  emptyBody: string;
}

const TRENDS: TrendSpec[] = [
  {
    metric: 'deployment_frequency',
    testId: 'deployments-chart',
    title: (interval) => `Deployments ${perBucket(interval)}`,
    unit: 'count',
    countLabel: 'deployments',
    definition: 'successful production deployments finished in each bucket',
    valueHeader: 'Deployments',
    sampleNoun: 'deployment',
    format: (value) => formatNumber(value, 0),
    emptyTitle: 'No deployments in this period',
    emptyBody:
      'No successful production deployment finished in this period and scope. Check that the deployment source is connected and its environments match the production pattern.',
  },
  {
    metric: 'lead_time_for_changes',
    testId: 'lead-time-chart',
    title: (interval) => `Lead time for changes, median ${perBucket(interval)}`,
    unit: 'seconds',
    definition:
      'median time from a change’s start (first commit or PR creation) to the production deployment that shipped it, over the changes deployed in each bucket',
    valueHeader: 'Median lead time',
    sampleNoun: 'change',
    format: formatDuration,
    emptyTitle: 'No changes deployed in this period',
    emptyBody: 'Lead time needs merged PRs or commits shipped by a successful production deployment.',
  },
  {
    metric: 'change_failure_rate',
    testId: 'change-failure-chart',
    title: (interval) => `Change failure rate ${perBucket(interval)}`,
    unit: 'ratio',
    definition:
      'failed ÷ successful production deployments finished in each bucket (failed: an incident attributed to it, a rollback after it, or marked failed)',
    valueHeader: 'Change failure rate',
    sampleNoun: 'deployment',
    format: (value) => formatPercent(value),
    emptyTitle: 'No deployments in this period',
    emptyBody: 'The change failure rate needs successful production deployments.',
  },
];

function seriesOf(metric: MetricValue | undefined): SeriesPoint[] {
  return Array.isArray(metric?.series) ? metric.series : [];
}

function chartTable(spec: TrendSpec, series: readonly SeriesPoint[], interval: Interval): ChartTable {
  return {
    rowHeader: interval === 'week' ? 'Week' : 'Month',
    columns: [spec.valueHeader, `Sample (${spec.sampleNoun}s)`],
    rows: series.map((point) => ({
      label: bucketLabel(point.start, interval),
      cells: [
        typeof point.value === 'number' ? spec.format(point.value) : '—',
        formatNumber(point.sampleSize, 0),
      ],
    })),
  };
}

export interface ScopeTrendsProps {
  query: MetricPeriodQuery;
  scopeLabel: string;
  timeZone: string;
  /** false until the scope is known to be visible (saves a 403) */
  enabled?: boolean;
}

/**
 * Deployments, lead time median and change failure rate per bucket for one scope: charts
 * with a title, a caption (period, definition), the target as a dashed line, and a table.
 */
export function ScopeTrends({ query, scopeLabel, timeZone, enabled = true }: ScopeTrendsProps) {
  const metrics = useQuery({ ...metricsQueryOptions(query), enabled });
  const status: LoadStatus = metrics.isPending ? 'pending' : metrics.isError ? 'error' : 'success';

  return (
    <section className="panel" aria-labelledby="trends-heading">
      <h2 id="trends-heading">Trends for {scopeLabel}</h2>
      <div className="trend-grid">
        {TRENDS.map((spec) => {
          const metric = metrics.data?.metrics[spec.metric];
          const series = seriesOf(metric);
          const data = toTrendData([{ label: scopeLabel, series }]);
          const scale = axisScaleFor(spec.unit, data.max, spec.countLabel);
          const target = spec.unit === 'count' ? null : readTarget(metric);
          const def = METRIC_DEFS[spec.metric];
          const targetLabel = target ? `Target ${targetText(def, target)}` : null;
          const title = spec.title(query.interval);
          const headingId = `trend-${spec.metric}`;
          return (
            <div key={spec.metric} className="trend">
              <h3 id={headingId}>{title}</h3>
              <ChartFigure
                testId={spec.testId}
                status={status}
                error={metrics.error}
                onRetry={() => void metrics.refetch()}
                hasData={data.points > 0 && (spec.unit !== 'count' || data.max > 0)}
                what={def.label.toLowerCase()}
                emptyTitle={spec.emptyTitle}
                emptyBody={spec.emptyBody}
                title={`${title}, ${scopeLabel}`}
                caption={trendCaption({
                  title,
                  scopeLabel,
                  from: query.from,
                  to: query.to,
                  interval: query.interval,
                  timeZone,
                  definition: spec.definition,
                  note: targetLabel ? `The dashed line is the target (${targetLabel.slice('Target '.length)}).` : undefined,
                })}
                height={240}
                table={chartTable(spec, series, query.interval)}
                render={(charts) => (
                  <charts.TrendChart
                    data={data}
                    interval={query.interval}
                    scale={scale}
                    formatValue={spec.unit === 'count' ? (v) => plural(v, spec.sampleNoun) : spec.format}
                    title={`${title}, ${scopeLabel}`}
                    description={spec.definition}
                    target={target && targetLabel ? { value: target.value, label: targetLabel } : null}
                    height={240}
                  />
                )}
              />
            </div>
          );
        })}
      </div>
    </section>
  );
}
