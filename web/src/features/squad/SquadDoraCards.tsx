import type { MetricsResponse, ScopeParam } from '@bearing/shared';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import type { LoadStatus } from '../../lib/status';
import { useDrillDown } from '../drilldown/drillParams';
import { toMetricCell } from '../metrics/healthTable';
import { HEADLINE_KEYS, METRIC_DEFS } from '../metrics/metricDefs';
import { StatCard } from '../metrics/StatCard';
import { statCardDetail } from './statCards';

export interface SquadDoraCardsProps {
  scope: ScopeParam;
  scopeName: string;
  current: MetricsResponse | undefined;
  previous: MetricsResponse | undefined;
  status: LoadStatus;
  previousStatus: LoadStatus;
  error: unknown;
  onRetry: () => void;
  period: string;
  previousPeriod: string;
}

/** The four DORA keys plus rework rate (and time to restore) as cards. */
export function SquadDoraCards(props: SquadDoraCardsProps) {
  const { scope, scopeName, current, previous, status, previousStatus, error, onRetry } = props;
  const { openDrill } = useDrillDown();
  return (
    <section className="panel" aria-labelledby="dora-heading">
      <div className="panel__header">
        <h2 id="dora-heading">Delivery (DORA)</h2>
      </div>
      <p className="panel__intro">
        {props.period}, compared with {props.previousPeriod}. Select a number to see the events
        behind it.
      </p>
      {status === 'pending' ? <LoadingState label="Loading the squad’s metrics…" minHeight={200} /> : null}
      {status === 'error' ? <ErrorState error={error} what="the squad’s metrics" onRetry={onRetry} /> : null}
      {status === 'success' ? (
        <div className="stat-grid">
          {HEADLINE_KEYS.map((key) => {
            const def = METRIC_DEFS[key];
            const metric = current?.metrics[key];
            const cell = toMetricCell(def, metric, previous?.metrics[key], previousStatus === 'success');
            return (
              <StatCard
                key={key}
                def={def}
                cell={cell}
                detail={statCardDetail(key, metric)}
                scopeName={scopeName}
                previousPending={previousStatus === 'pending'}
                onOpen={() => openDrill(key, scope)}
              />
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
