import type { MetricsResponse, ScopeParam } from '@bearing/shared';
import { useQuery } from '@tanstack/react-query';
import { rulesQueryOptions } from '../../api/settings.queries';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import type { LoadStatus } from '../../lib/status';
import { useDrillDown } from '../drilldown/drillParams';
import { toMetricCell } from '../metrics/healthTable';
import { METRIC_DEFS } from '../metrics/metricDefs';
import { StatCard } from '../metrics/StatCard';
import { readSplit } from './leadTime';
import { SplitComparison } from './SplitComparison';
import { statCardDetail, workingHoursText } from './statCards';

export interface TeamHealthProps {
  scope: ScopeParam;
  scopeName: string;
  current: MetricsResponse | undefined;
  previous: MetricsResponse | undefined;
  status: LoadStatus;
  previousStatus: LoadStatus;
  error: unknown;
  onRetry: () => void;
  period: string;
}

/** Review pickup time, out-of-hours commits and on-call load: what may be in the way. */
export function TeamHealth({
  scope,
  scopeName,
  current,
  previous,
  status,
  previousStatus,
  error,
  onRetry,
  period,
}: TeamHealthProps) {
  const { openDrill } = useDrillDown();
  const rules = useQuery(rulesQueryOptions());
  const hours = rules.data ? `${workingHoursText(rules.data.workingHours)} (${rules.data.timeZone})` : 'working hours';
  const card = (key: 'review_pickup_time' | 'out_of_hours_commit_rate' | 'on_call_load') => {
    const def = METRIC_DEFS[key];
    const metric = current?.metrics[key];
    return {
      def,
      metric,
      cell: toMetricCell(def, metric, previous?.metrics[key], previousStatus === 'success'),
      detail: statCardDetail(key, metric),
      onOpen: () => openDrill(key, scope),
      scopeName,
      previousPending: previousStatus === 'pending',
    };
  };

  const pickup = card('review_pickup_time');
  const outOfHours = card('out_of_hours_commit_rate');
  const onCall = card('on_call_load');

  return (
    <section className="panel" aria-labelledby="health-heading">
      <h2 id="health-heading">Team health</h2>
      {status === 'pending' ? <LoadingState label="Loading team health…" minHeight={160} /> : null}
      {status === 'error' ? <ErrorState error={error} what="team health" onRetry={onRetry} /> : null}
      {status === 'success' ? (
        <div className="stat-grid">
          <StatCard {...pickup}>
            <SplitComparison
              caption={`Review pickup time by PR author, ${period}`}
              split={readSplit(pickup.metric)}
              noun="PR"
            />
          </StatCard>
          <StatCard {...outOfHours}>
            <p className="table-note">Working hours: {hours}, in each author’s own zone when known.</p>
          </StatCard>
          <StatCard {...onCall}>
            <p className="table-note">Incidents opened per week; out of hours means outside {hours}.</p>
          </StatCard>
        </div>
      ) : null}
    </section>
  );
}
