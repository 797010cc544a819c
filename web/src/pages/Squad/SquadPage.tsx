import { useFilters } from '../../app/useFilters';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { PlaceholderPanel } from '../../components/PlaceholderPanel';
import { DeploymentEvents } from '../../features/deployments/DeploymentEvents';
import { SquadDeployments } from '../../features/deployments/SquadDeployments';
import { parseScope, scopeLabel, squadScope } from '../../features/org/scope';
import { SquadChooser } from '../../features/org/SquadChooser';
import { useOrgStructure } from '../../features/org/useOrgStructure';
import { pageContext } from '../pageContext';

export function SquadPage() {
  const { filters, timeZone, searchWith } = useFilters();
  const org = useOrgStructure();
  const scope = parseScope(filters.scope);

  if (scope?.kind !== 'squad') {
    return (
      <div className="page">
        <PageHeader title="Squad" context="Pick a squad to see its deep dive." />
        <section className="panel" aria-labelledby="choose-squad">
          <h2 id="choose-squad">Choose a squad</h2>
          <p>
            This view shows one squad. Pick it here or with the Scope filter above; the choice is
            kept in the address, so you can bookmark it.
          </p>
          {org.status === 'pending' ? <LoadingState label="Loading squads…" /> : null}
          {org.status === 'error' ? (
            <ErrorState error={org.error} what="squads" onRetry={org.retry} />
          ) : null}
          {org.status === 'success' ? (
            <SquadChooser
              squads={org.squads}
              squadLink={(key) => ({ pathname: '/squad', search: searchWith({ scope: squadScope(key) }) })}
            />
          ) : null}
        </section>
      </div>
    );
  }

  const squadName = scopeLabel(filters.scope, org);
  return (
    <div className="page">
      <PageHeader
        title={squadName}
        context={pageContext('Squad deep dive', filters.from, filters.to, filters.interval)}
      />
      <SquadDeployments query={filters} squadName={squadName} timeZone={timeZone} />
      <DeploymentEvents query={filters} scopeName={squadName} timeZone={timeZone} />
      <PlaceholderPanel title="The rest of the squad deep dive is on its way">
        <p>
          The four DORA keys with rework rate, the lead-time stage breakdown (coding, pickup,
          review, deploy), recent incidents and drift episodes, merged PRs without a pattern
          citation, review pickup time, out-of-hours work and on-call load arrive with the
          Squad view issue.
        </p>
      </PlaceholderPanel>
    </div>
  );
}
