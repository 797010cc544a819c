import type { MetricPeriodQuery } from '../../api/metrics';
import { formatNumber, formatPeriod } from '../../lib/format';
import { readDeploymentFrequency } from './deploymentFrequency';
import { deploymentsCaption, deploymentsTitle } from './deploymentsCaption';
import { DeploymentsChartFigure } from './DeploymentsChartFigure';
import { toDeploymentSeries } from './toDeploymentSeries';
import { useDeploymentFrequency } from './useDeploymentFrequency';

export interface SquadDeploymentsProps {
  /** `scope` is `squad:<key>` */
  query: MetricPeriodQuery;
  squadName: string;
  timeZone: string;
}

/** One squad's headline deployment figures and its deployments-per-bucket chart. */
export function SquadDeployments({ query, squadName, timeZone }: SquadDeploymentsProps) {
  const result = useDeploymentFrequency([query.scope], {
    from: query.from,
    to: query.to,
    interval: query.interval,
  });
  const response = result.responses[0];
  const metric = response ? readDeploymentFrequency(response) : null;
  const chartData =
    result.status === 'success' ? toDeploymentSeries(result.responses, () => squadName) : null;
  const title = deploymentsTitle(query.interval);

  return (
    <section className="panel" aria-labelledby="squad-deployments-heading">
      <h2 id="squad-deployments-heading">{title}</h2>
      {metric ? (
        <dl className="stats" aria-label={`Deployments, ${formatPeriod(query.from, query.to)}`}>
          <div className="stat">
            <dt>Deployments</dt>
            <dd>{formatNumber(metric.count, 0)}</dd>
          </div>
          <div className="stat">
            <dt>Deployment days</dt>
            <dd>{formatNumber(metric.deploymentDays, 0)}</dd>
          </div>
          <div className="stat">
            <dt>Per week</dt>
            <dd>{formatNumber(metric.perWeek, 1)}</dd>
          </div>
        </dl>
      ) : null}
      <DeploymentsChartFigure
        status={result.status}
        error={result.error}
        onRetry={result.retry}
        data={chartData}
        interval={query.interval}
        title={`${title}, ${squadName}`}
        caption={deploymentsCaption({
          scopeLabel: squadName,
          from: query.from,
          to: query.to,
          interval: query.interval,
          timeZone,
          bySquad: false,
        })}
        height={260}
      />
    </section>
  );
}
