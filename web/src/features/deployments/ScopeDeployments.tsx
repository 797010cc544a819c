import type { ScopeParam } from '@bearing/shared';
import { useMemo } from 'react';
import type { To } from 'react-router';
import type { MetricPeriodQuery } from '../../api/metrics';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { scopeLabel, squadScope, squadsInScope } from '../org/scope';
import { useOrgStructure } from '../org/useOrgStructure';
import { readDeploymentFrequency } from './deploymentFrequency';
import { deploymentsCaption, deploymentsTitle } from './deploymentsCaption';
import { DeploymentsChartFigure } from './DeploymentsChartFigure';
import { DeploymentsTable } from './DeploymentsTable';
import { toDeploymentSeries } from './toDeploymentSeries';
import { toDeploymentTableRows } from './toDeploymentTableRows';
import { useDeploymentFrequency } from './useDeploymentFrequency';

export interface ScopeDeploymentsProps {
  query: MetricPeriodQuery;
  timeZone: string;
  squadLink: (squadKey: string) => To;
}

/**
 * Deployments for a scope: a chart with one line per squad in it (or the scope itself when
 * it has no squads) and a table of squads with a total row.
 */
export function ScopeDeployments({ query, timeZone, squadLink }: ScopeDeploymentsProps) {
  const org = useOrgStructure();
  const squads = useMemo(
    () => squadsInScope(query.scope, org.squads, org.groups),
    [query.scope, org.squads, org.groups],
  );
  const chartScopes: ScopeParam[] =
    squads.length > 0 ? squads.map((squad) => squadScope(squad.key)) : [query.scope];
  const fetchScopes = [...new Set([...chartScopes, query.scope])];
  const period = { from: query.from, to: query.to, interval: query.interval };
  const result = useDeploymentFrequency(fetchScopes, period, org.status === 'success');

  const labelContext = { orgName: org.orgName, squads: org.squads, groups: org.groups };
  const label = scopeLabel(query.scope, labelContext);
  const title = deploymentsTitle(query.interval);
  const caption = deploymentsCaption({
    scopeLabel: label,
    from: query.from,
    to: query.to,
    interval: query.interval,
    timeZone,
    bySquad: squads.length > 1 || query.scope !== chartScopes[0],
  });

  const chartData =
    result.status === 'success'
      ? toDeploymentSeries(
          result.responses.filter((response) => chartScopes.includes(response.scope)),
          (scope) => scopeLabel(scope, labelContext),
        )
      : null;
  const tableRows = result.status === 'success' ? toDeploymentTableRows(squads, result.responses) : [];
  const scopeResponse = result.responses.find((response) => response.scope === query.scope);
  const scopeTotal = scopeResponse ? readDeploymentFrequency(scopeResponse) : null;

  const status = org.status === 'success' ? result.status : org.status;
  const error = org.status === 'error' ? org.error : result.error;
  const retry = org.status === 'error' ? org.retry : result.retry;

  return (
    <>
      <section className="panel" aria-labelledby="deployments-heading">
        <h2 id="deployments-heading">{title}</h2>
        <DeploymentsChartFigure
          status={status}
          error={error}
          onRetry={retry}
          data={chartData}
          interval={query.interval}
          title={`${title}, ${label}`}
          caption={caption}
        />
      </section>
      <section className="panel" aria-labelledby="squads-heading">
        {status !== 'success' ? <h2 id="squads-heading">Squads</h2> : null}
        {status === 'pending' ? <LoadingState label="Loading squads…" minHeight={120} /> : null}
        {status === 'error' ? <ErrorState error={error} what="squads" onRetry={retry} /> : null}
        {status === 'success' ? (
          <DeploymentsTable
            heading={<h2 id="squads-heading">Squads</h2>}
            rows={tableRows}
            total={
              scopeTotal && !query.scope.startsWith('squad:')
                ? { label: `${label} (total)`, value: scopeTotal }
                : null
            }
            period={query}
            scope={query.scope}
            squadLink={squadLink}
          />
        ) : null}
      </section>
    </>
  );
}
