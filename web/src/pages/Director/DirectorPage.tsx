import { useFilters } from '../../app/useFilters';
import { PageHeader } from '../../components/PageHeader';
import { PlaceholderPanel } from '../../components/PlaceholderPanel';
import { ScopeDeployments } from '../../features/deployments/ScopeDeployments';
import { scopeLabel, squadScope } from '../../features/org/scope';
import { useOrgStructure } from '../../features/org/useOrgStructure';
import { pageContext } from '../pageContext';

export function DirectorPage() {
  const { filters, timeZone, searchWith } = useFilters();
  const org = useOrgStructure();
  const label = scopeLabel(filters.scope, org);

  return (
    <div className="page">
      <PageHeader
        title="Director overview"
        context={pageContext(label, filters.from, filters.to, filters.interval)}
      />
      <ScopeDeployments
        query={filters}
        timeZone={timeZone}
        squadLink={(squadKey) => ({ pathname: '/squad', search: searchWith({ scope: squadScope(squadKey) }) })}
      />
      <PlaceholderPanel title="More headline metrics are on their way">
        <p>
          Lead time for changes, change failure rate, recovery time and rework rate per squad,
          with DORA tier badges, targets, change against the previous period and the monthly
          review export, arrive with the Director view issue. The deployment figures above are
          live.
        </p>
      </PlaceholderPanel>
    </div>
  );
}
