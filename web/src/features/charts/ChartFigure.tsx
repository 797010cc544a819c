import { useEffect, useId, useState, type ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import type { LoadStatus } from '../../lib/status';
import { loadCharts, loadedCharts, type ChartsModule } from './chartModule';

// The chart (Recharts) is a separate chunk. Holding the loaded module in state, rather than
// React.lazy + Suspense, lets it draw in the same commit as the data once both are in.
function useChartsModule(): { module: ChartsModule | null; error: unknown; retry: () => void } {
  const [module, setModule] = useState<ChartsModule | null>(loadedCharts);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (module) return;
    let active = true;
    loadCharts().then(
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

/** The chart's numbers as a table, for screen readers and for copying onto a slide. */
export interface ChartTable {
  /** the first column's header, e.g. "Week" */
  rowHeader: string;
  columns: string[];
  rows: Array<{ label: string; cells: string[] }>;
}

export interface ChartFigureProps {
  /** `data-testid` of the figure (browser tests wait on it with `data-state`) */
  testId?: string;
  status: LoadStatus;
  error: unknown;
  onRetry: () => void;
  /** false → the empty state */
  hasData: boolean;
  /** what is drawn, for loading and error messages: "deployments" */
  what: string;
  emptyTitle: string;
  emptyBody: ReactNode;
  /** the chart's accessible name */
  title: string;
  caption: string;
  height?: number;
  /** draws the chart once its code and data are in */
  render: (charts: ChartsModule) => ReactNode;
  table: ChartTable | null;
}

/**
 * A chart with its caption and an accessible data table. The figure always carries
 * `data-state` (loading | error | empty | ready); the SVG exists only when ready.
 */
export function ChartFigure({
  testId,
  status,
  error,
  onRetry,
  hasData,
  what,
  emptyTitle,
  emptyBody,
  title,
  caption,
  height = 260,
  render,
  table,
}: ChartFigureProps) {
  const captionId = useId();
  const charts = useChartsModule();
  const state =
    status === 'pending' ? 'loading' : status === 'error' ? 'error' : !hasData ? 'empty' : 'ready';

  return (
    <figure
      className="chart-figure"
      data-testid={testId}
      data-state={state}
      aria-label={title}
      aria-describedby={captionId}
      aria-busy={state === 'loading' || undefined}
    >
      <div className="chart-figure__plot" style={{ minHeight: height }}>
        {state === 'loading' ? <LoadingState label={`Loading ${what}…`} minHeight={height} /> : null}
        {state === 'error' ? (
          <ErrorState error={error} what={what} onRetry={onRetry} minHeight={height} />
        ) : null}
        {state === 'empty' ? (
          <EmptyState title={emptyTitle} minHeight={height}>
            {emptyBody}
          </EmptyState>
        ) : null}
        {state === 'ready' && charts.module ? render(charts.module) : null}
        {state === 'ready' && !charts.module && !charts.error ? (
          <LoadingState label="Loading chart…" minHeight={height} />
        ) : null}
        {state === 'ready' && !charts.module && charts.error ? (
          <ErrorState
            error={new Error('The chart component could not be downloaded.')}
            what="the chart"
            onRetry={charts.retry}
            minHeight={height}
          />
        ) : null}
      </div>
      <figcaption id={captionId} className="chart-figure__caption">
        {caption}
      </figcaption>
      {state === 'ready' && table ? <ChartDataTable table={table} title={title} /> : null}
    </figure>
  );
}

function ChartDataTable({ table, title }: { table: ChartTable; title: string }) {
  return (
    <details className="chart-figure__data">
      <summary>Show the chart&rsquo;s numbers as a table</summary>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`${title}: data`}>
        <table className="data-table data-table--compact">
          <thead>
            <tr>
              <th scope="col">{table.rowHeader}</th>
              {table.columns.map((column) => (
                <th key={column} scope="col" className="num">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, index) => (
                  <td key={index} className="num">
                    {cell}
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
