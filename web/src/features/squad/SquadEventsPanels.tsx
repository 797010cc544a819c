import type { MetricsResponse } from '@bearing/shared';
import { useQuery } from '@tanstack/react-query';
import type { MetricPeriodQuery } from '../../api/metrics';
import { rulesQueryOptions } from '../../api/settings.queries';
import { formatDuration, formatNumber } from '../../lib/format';
import { MetricEvents } from '../drilldown/MetricEvents';
import { severityBreakdown, statCardDetail } from './statCards';

export interface SquadEventsPanelsProps {
  query: MetricPeriodQuery;
  scopeName: string;
  period: string;
  timeZone: string;
  current: MetricsResponse | undefined;
}

/** Recent deployments (with failure rule) and incidents (with attribution rule). */
export function SquadEventsPanels({ query, scopeName, period, timeZone, current }: SquadEventsPanelsProps) {
  const rules = useQuery(rulesQueryOptions());
  const incidents = current?.metrics.incident_count;
  const severities = severityBreakdown(incidents);
  return (
    <>
      <section className="panel" aria-labelledby="recent-deployments-heading">
        <MetricEvents
          query={query}
          metric="change_failure_rate"
          noun="deployments"
          caption={`Production deployments of ${scopeName}, newest first, ${period}`}
          timeZone={timeZone}
          limit={10}
          empty={
            <>
              {scopeName} has no successful production deployments in {period}. Deployments come
              from GitHub deployments, CI deploy jobs, CDEvents or an import, for services this
              squad owns.
            </>
          }
          header={(csv) => (
            <div className="panel__header">
              <h2 id="recent-deployments-heading">Recent deployments</h2>
              {csv}
            </div>
          )}
        />
      </section>
      <section className="panel" aria-labelledby="incidents-heading">
        <MetricEvents
          query={query}
          metric="incident_count"
          noun="incidents"
          caption={`Incidents of ${scopeName} opened in ${period}, with the rule that attributed each`}
          timeZone={timeZone}
          limit={10}
          empty={
            <>
              No incidents were opened for {scopeName} in {period}. Incidents come from PagerDuty,
              GitHub issues labelled as incidents, CDEvents or an import.
            </>
          }
          header={(csv) => (
            <>
              <div className="panel__header">
                <h2 id="incidents-heading">Incidents</h2>
                {csv}
              </div>
              {incidents ? (
                <p className="panel__intro">
                  {formatNumber(typeof incidents.value === 'number' ? incidents.value : 0, 0)} opened:{' '}
                  {statCardDetail('incident_count', incidents)}
                  {severities.length
                    ? ` · by severity: ${severities.map((s) => `${s.severity} ${s.count}`).join(', ')}`
                    : ''}
                  . An incident is attributed to a deployment when it names its cause (explicit), or
                  else to the service’s last production deployment within the attribution window
                  {rules.data ? ` (${formatDuration(rules.data.attributionWindowS)})` : ''} before it
                  opened (heuristic); otherwise it is not change-related.
                </p>
              ) : null}
            </>
          )}
        />
      </section>
    </>
  );
}
