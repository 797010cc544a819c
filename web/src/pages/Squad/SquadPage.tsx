import { Link } from 'react-router';
import { useFilters } from '../../app/useFilters';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { ScopeTrends } from '../../features/charts/ScopeTrends';
import { useScopeMetrics } from '../../features/metrics/useScopeMetrics';
import { useQuery } from '@tanstack/react-query';
import { meQueryOptions } from '../../api/auth.queries';
import { groupScope, isScopeVisible, parseScope, scopeLabel, squadScope } from '../../features/org/scope';
import { ScopeNotVisible } from '../../features/org/ScopeNotVisible';
import { SquadChooser } from '../../features/org/SquadChooser';
import { useOrgStructure } from '../../features/org/useOrgStructure';
import { LeadTimeBreakdown } from '../../features/squad/LeadTimeBreakdown';
import { DriftEpisodesList } from '../../features/drift/DriftEpisodesList';
import { UncitedPrsPanel } from '../../features/patterns/UncitedPrsPanel';
import { SquadDoraCards } from '../../features/squad/SquadDoraCards';
import { SquadEventsPanels } from '../../features/squad/SquadEventsPanels';
import { TeamHealth } from '../../features/squad/TeamHealth';
import { formatPeriod } from '../../lib/format';
import { pageContext } from '../pageContext';

export function SquadPage() {
  const { filters, searchWith } = useFilters();
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
              squads={
                scope?.kind === 'group'
                  ? org.squads.filter((s) => s.group === scope.key)
                  : org.squads
              }
              squadLink={(key) => ({ pathname: '/squad', search: searchWith({ scope: squadScope(key) }) })}
            />
          ) : null}
        </section>
      </div>
    );
  }

  // until the org structure is known, nothing asks for the squad's data: a squad outside the
  // user's groups (a shared link) must not be requested at all
  if (org.status === 'pending') {
    return (
      <div className="page">
        <PageHeader title="Squad" context={scopeLabel(filters.scope, org)} />
        <LoadingState label="Loading the squad…" minHeight={240} />
      </div>
    );
  }

  if (org.status === 'success' && !org.squads.some((s) => s.key === scope.key)) {
    return (
      <div className="page">
        <PageHeader title="Squad" context={scopeLabel(filters.scope, org)} />
        <ScopeNotVisible pathname="/squad" />
      </div>
    );
  }

  return <SquadDeepDive squadKey={scope.key} />;
}

function SquadDeepDive({ squadKey }: { squadKey: string }) {
  const { filters, timeZone, searchWith } = useFilters();
  const org = useOrgStructure();
  const scope = squadScope(squadKey);
  const squadName = scopeLabel(scope, org);
  const squad = org.squads.find((s) => s.key === squadKey);
  const me = useQuery(meQueryOptions());
  const group =
    squad?.group && isScopeVisible(groupScope(squad.group), org.squads, org.groups, me.data?.scopes ?? null)
      ? org.groups.find((g) => g.key === squad.group)
      : undefined;
  const query = { scope, from: filters.from, to: filters.to, interval: filters.interval };
  const metrics = useScopeMetrics([scope], query, org.status === 'success');
  const data = metrics.byScope.get(scope);
  const period = formatPeriod(filters.from, filters.to);
  const previousPeriod = formatPeriod(metrics.previous.from, metrics.previous.to);

  return (
    <div className="page">
      <PageHeader
        title={squadName}
        context={
          <>
            {pageContext('Squad deep dive', filters.from, filters.to, filters.interval)}
            {group ? (
              <>
                {' · '}
                <Link to={{ pathname: '/director', search: searchWith({ scope: groupScope(group.key) }) }}>
                  {group.name} group overview
                </Link>
              </>
            ) : null}
          </>
        }
      />
      <SquadDoraCards
        scope={scope}
        scopeName={squadName}
        current={data?.current}
        previous={data?.previous}
        status={metrics.status}
        previousStatus={metrics.previousStatus}
        error={metrics.error}
        onRetry={metrics.retry}
        period={period}
        previousPeriod={previousPeriod}
      />
      <LeadTimeBreakdown
        current={data?.current?.metrics.lead_time_for_changes}
        previous={metrics.previousStatus === 'success' ? data?.previous?.metrics.lead_time_for_changes : undefined}
        status={metrics.status}
        error={metrics.error}
        onRetry={metrics.retry}
        scopeName={squadName}
        period={period}
        previousPeriod={previousPeriod}
      />
      <ScopeTrends
        query={query}
        scopeLabel={squadName}
        timeZone={timeZone}
        enabled={org.status === 'success'}
      />
      <SquadEventsPanels
        query={query}
        scopeName={squadName}
        period={period}
        timeZone={timeZone}
        current={data?.current}
      />
      <TeamHealth
        scope={scope}
        scopeName={squadName}
        current={data?.current}
        previous={data?.previous}
        status={metrics.status}
        previousStatus={metrics.previousStatus}
        error={metrics.error}
        onRetry={metrics.retry}
        period={period}
      />
      <DriftEpisodesList
        query={{ scope, from: filters.from, to: filters.to, status: 'all', limit: 25 }}
        title="Drift episodes"
        intro={
          <>
            Agent sessions and PR branches of {squadName} that stopped making progress, {period}: the
            signals that opened each episode and the rule that closed it (checks passing again, the
            session stopped or re-briefed, the PR merged or closed). Open episodes first.
          </>
        }
        empty={
          <>
            No agent session or PR branch of {squadName} drifted in {period}. Drift is detected from CI
            runs, CODEOWNERS scope, pattern citations, drift labels and agent-session events.
          </>
        }
        timeZone={timeZone}
      />
      <UncitedPrsPanel query={query} scopeName={squadName} period={period} timeZone={timeZone} />
    </div>
  );
}
