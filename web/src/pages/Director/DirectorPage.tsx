import { useQuery } from '@tanstack/react-query';
import { meQueryOptions } from '../../api/auth.queries';
import { useFilters } from '../../app/useFilters';
import { PageHeader } from '../../components/PageHeader';
import { ScopeTrends } from '../../features/charts/ScopeTrends';
import { SquadsHealth } from '../../features/metrics/SquadsHealth';
import { groupScope, isScopeVisible, parseScope, scopeLabel, squadScope } from '../../features/org/scope';
import { ScopeNotVisible } from '../../features/org/ScopeNotVisible';
import { useOrgStructure } from '../../features/org/useOrgStructure';
import { pageContext } from '../pageContext';

/**
 * Director view (and the VP's, at org scope with a roll-up row per group): which squads are
 * healthy, which are slipping, and the trends behind it.
 */
export function DirectorPage() {
  const { filters, timeZone, searchWith } = useFilters();
  const org = useOrgStructure();
  const me = useQuery(meQueryOptions());
  const label = scopeLabel(filters.scope, org);
  const kind = parseScope(filters.scope)?.kind ?? 'org';
  const query = { scope: filters.scope, from: filters.from, to: filters.to, interval: filters.interval };
  // the org scope read by an org-wide caller needs no org structure to be known visible: its
  // charts ask for their data at once, not after the squads and groups have loaded
  const orgForOrgWide = parseScope(filters.scope)?.kind === 'org' && (me.data?.scopes.includes('org') ?? false);
  const hidden =
    org.status === 'success' &&
    !isScopeVisible(filters.scope, org.squads, org.groups, me.data?.scopes ?? null);

  return (
    <div className="page">
      <PageHeader
        title={kind === 'org' ? 'Organisation overview' : `${label}: overview`}
        context={pageContext(label, filters.from, filters.to, filters.interval)}
      />
      {hidden ? (
        <ScopeNotVisible pathname="/director" />
      ) : (
        <>
          <SquadsHealth
            query={query}
            squadLink={(key) => ({ pathname: '/squad', search: searchWith({ scope: squadScope(key) }) })}
            groupLink={(key) => ({ pathname: '/director', search: searchWith({ scope: groupScope(key) }) })}
          />
          <ScopeTrends
            query={query}
            scopeLabel={label}
            timeZone={timeZone}
            enabled={org.status === 'success' || orgForOrgWide}
          />
        </>
      )}
    </div>
  );
}
