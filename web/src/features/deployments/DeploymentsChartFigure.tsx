import type { Interval } from '@bearing/shared';
import { useEffect, useId, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { formatNumber } from '../../lib/format';
import { bucketLabel } from './deploymentsCaption';
import type { DeploymentChartData } from './toDeploymentSeries';
import type { LoadStatus } from '../../lib/status';
import {
  loadDeploymentsChart,
  loadedDeploymentsChart,
  type DeploymentsChartModule,
} from './chartModule';

// The chart (Recharts) is a separate chunk. Holding the loaded module in state, rather than
// React.lazy + Suspense, lets it draw in the same commit as the data once both are in.
function useChartModule(): {
  module: DeploymentsChartModule | null;
  error: unknown;
  retry: () => void;
} {
  const [module, setModule] = useState<DeploymentsChartModule | null>(loadedDeploymentsChart);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (module) return;
    let active = true;
    loadDeploymentsChart().then(
      (loaded) => active && setModule(loaded),
      (failure: unknown) => active && setError(failure),
    );
    return () => {
      active = false;
    };
  }, [module, attempt]);
  return {
    module,
    error,
    retry: () => {
      setError(null);
      setAttempt((n) => n + 1);
    },
  };
}

export interface DeploymentsChartFigureProps {
  status: LoadStatus;
  error: unknown;
  onRetry: () => void;
  data: DeploymentChartData | null;
  interval: Interval;
  title: string;
  caption: string;
  height?: number;
}

/**
 * The chart with its caption and an accessible data table. The container always carries
 * `data-testid="deployments-chart"` and `data-state` (loading | error | empty | ready);
 * the SVG exists only in the ready state.
 */
export function DeploymentsChartFigure({
  status,
  error,
  onRetry,
  data,
  interval,
  title,
  caption,
  height = 320,
}: DeploymentsChartFigureProps) {
  const captionId = useId();
  const chart = useChartModule();
  const state =
    status === 'pending'
      ? 'loading'
      : status === 'error'
        ? 'error'
        : !data || data.total === 0
          ? 'empty'
          : 'ready';

  return (
    <figure
      className="chart-figure"
      data-testid="deployments-chart"
      data-state={state}
      aria-label={title}
      aria-describedby={captionId}
      aria-busy={state === 'loading' || undefined}
    >
      <div className="chart-figure__plot" style={{ minHeight: height }}>
        {state === 'loading' ? <LoadingState label="Loading deployments…" minHeight={height} /> : null}
        {state === 'error' ? (
          <ErrorState error={error} what="deployments" onRetry={onRetry} minHeight={height} />
        ) : null}
        {state === 'empty' ? (
          <EmptyState title="No deployments in this period" minHeight={height}>
            No successful production deployments finished in the selected period and scope.
          </EmptyState>
        ) : null}
        {state === 'ready' && data && chart.module ? (
          <chart.module.DeploymentsChart
            data={data}
            interval={interval}
            title={title}
            description={caption}
            height={height}
          />
        ) : null}
        {state === 'ready' && !chart.module && !chart.error ? (
          <LoadingState label="Loading chart…" minHeight={height} />
        ) : null}
        {state === 'ready' && !chart.module && chart.error ? (
          <ErrorState
            error={new Error('The chart component could not be downloaded.')}
            what="the chart"
            onRetry={chart.retry}
            minHeight={height}
          />
        ) : null}
      </div>
      <figcaption id={captionId} className="chart-figure__caption">
        {caption}
      </figcaption>
      {state === 'ready' && data ? <ChartDataTable data={data} interval={interval} title={title} /> : null}
    </figure>
  );
}

function ChartDataTable({
  data,
  interval,
  title,
}: {
  data: DeploymentChartData;
  interval: Interval;
  title: string;
}) {
  return (
    <details className="chart-figure__data">
      <summary>Show the chart&rsquo;s numbers as a table</summary>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`${title}: data`}>
        <table className="data-table data-table--compact">
          <thead>
            <tr>
              <th scope="col">{interval === 'week' ? 'Week' : 'Month'}</th>
              {data.series.map((series) => (
                <th key={series.id} scope="col" className="num">
                  {series.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.start}>
                <th scope="row">{bucketLabel(row.start, interval)}</th>
                {data.series.map((series) => (
                  <td key={series.id} className="num">
                    {formatNumber(row[series.id], 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
