import type { ScopeParam } from '@bearing/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { meQueryOptions } from '../../api/auth.queries';
import { useFilters } from '../../app/useFilters';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { PlaceholderPanel } from '../../components/PlaceholderPanel';
import { isScopeVisible, parseScope, scopeLabel, squadScope, squadsInScope } from '../../features/org/scope';
import { ScopeNotVisible } from '../../features/org/ScopeNotVisible';
import { useOrgStructure } from '../../features/org/useOrgStructure';
import { AgentHumanTable } from '../../features/practice/AgentHumanTable';
import { LeadShareChart } from '../../features/practice/LeadShareChart';
import { toLeadShareBars, toReviewRows, toSplitRows } from '../../features/practice/reviewConcentration';
import { ReviewConcentrationTable } from '../../features/practice/ReviewConcentrationTable';
import { usePracticeMetrics } from '../../features/practice/usePracticeMetrics';
import { formatPeriod } from '../../lib/format';
import { pageContext } from '../pageContext';

export function PracticeLeadPage() {
  const { filters } = useFilters();
  const org = useOrgStructure();
  const me = useQuery(meQueryOptions());
  const label = scopeLabel(filters.scope, org);
  const visible =
    org.status !== 'success' || isScopeVisible(filters.scope, org.squads, org.groups, me.data?.scopes ?? null);

  const squads = useMemo(
    () => (org.status === 'success' ? squadsInScope(filters.scope, org.squads, org.groups) : []),
    [org.status, org.squads, org.groups, filters.scope],
  );
  // the total row is the scope's own answer (org or group), never an average of its squads
  const totalScope: ScopeParam | null = parseScope(filters.scope)?.kind === 'squad' ? null : filters.scope;
  const scopes = useMemo(
    () => [...(totalScope ? [totalScope] : []), ...squads.map((s) => squadScope(s.key))],
    [totalScope, squads],
  );
  const period = { from: filters.from, to: filters.to, interval: filters.interval };
  const metrics = usePracticeMetrics(scopes, period, org.status === 'success' && visible);
  const rows = toReviewRows(
    squads,
    metrics.byScope,
    totalScope ? { name: label, response: metrics.byScope.get(totalScope) } : null,
  );
  const periodText = formatPeriod(filters.from, filters.to);

  return (
    <div className="page">
      <PageHeader title="Practice Lead" context={pageContext(label, filters.from, filters.to, filters.interval)} />
      {org.status === 'pending' ? <LoadingState label="Loading squads…" minHeight={200} /> : null}
      {org.status === 'error' ? <ErrorState error={org.error} what="squads and groups" onRetry={org.retry} /> : null}
      {org.status === 'success' && !visible ? <ScopeNotVisible pathname="/practice" /> : null}
      {org.status === 'success' && visible ? (
        <>
          <ReviewConcentrationTable
            rows={rows.squads}
            total={rows.org}
            status={metrics.status}
            error={metrics.error}
            onRetry={metrics.retry}
            period={periodText}
            scope={filters.scope}
          />
          <div className="split-2">
            <LeadShareChart
              bars={toLeadShareBars(rows.squads)}
              status={metrics.status}
              error={metrics.error}
              onRetry={metrics.retry}
              period={periodText}
            />
            <AgentHumanTable
              rows={toSplitRows(rows.org ? [...rows.squads, rows.org] : rows.squads)}
              status={metrics.status}
              error={metrics.error}
              onRetry={metrics.retry}
              period={periodText}
              scope={filters.scope}
            />
          </div>
          <PlaceholderPanel title="Drift per squad: arrives with the drift & patterns issue">
            <p>
              Episodes per week, median and p90 drift recovery time, the share caught within 15
              minutes and the share over 2 hours, and open episodes with their age. The server does
              not compute drift yet, so nothing is shown here.
            </p>
          </PlaceholderPanel>
          <PlaceholderPanel title="Pattern library: arrives with the pattern library">
            <p>
              Pattern citation rate per squad over time, the most and least cited patterns, PRs
              citing retired or unknown patterns (the migration list) and library freshness. The
              server has no pattern library yet, so nothing is shown here.
            </p>
          </PlaceholderPanel>
        </>
      ) : null}
    </div>
  );
}
