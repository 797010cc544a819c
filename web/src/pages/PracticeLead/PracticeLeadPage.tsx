import type { ScopeParam } from '@bearing/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { meQueryOptions } from '../../api/auth.queries';
import { useFilters } from '../../app/useFilters';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { isScopeVisible, parseScope, scopeLabel, squadScope, squadsInScope } from '../../features/org/scope';
import { ScopeNotVisible } from '../../features/org/ScopeNotVisible';
import { useOrgStructure } from '../../features/org/useOrgStructure';
import { AgentHumanTable } from '../../features/practice/AgentHumanTable';
import { LeadShareChart } from '../../features/practice/LeadShareChart';
import { toLeadShareBars, toReviewRows, toSplitRows } from '../../features/practice/reviewConcentration';
import { ReviewConcentrationTable } from '../../features/practice/ReviewConcentrationTable';
import { usePracticeMetrics } from '../../features/practice/usePracticeMetrics';
import { patternsQueryOptions } from '../../api/patterns.queries';
import { DRIFT_METRICS, toDriftRows, toEpisodeTrend } from '../../features/drift/drift';
import { DriftEpisodesChart } from '../../features/drift/DriftEpisodesChart';
import { DriftEpisodesList } from '../../features/drift/DriftEpisodesList';
import { DriftSquadsTable } from '../../features/drift/DriftSquadsTable';
import { useScopesMetrics } from '../../features/metrics/useScopesMetrics';
import { CitationTrendChart } from '../../features/patterns/CitationTrendChart';
import { CitedPatternsPanel } from '../../features/patterns/CitedPatternsPanel';
import { PatternLibraryPanel } from '../../features/patterns/PatternLibraryPanel';
import { toCitationTrend } from '../../features/patterns/patternStats';
import { RetiredCitationsPanel } from '../../features/patterns/RetiredCitationsPanel';
import { formatPeriod } from '../../lib/format';
import { pageContext } from '../pageContext';

export function PracticeLeadPage() {
  const { filters, timeZone } = useFilters();
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
  const ready = org.status === 'success' && visible;
  // drift is asked for on its own: a server without drift answers 400 for just these
  const drift = useScopesMetrics(scopes, DRIFT_METRICS, period, ready);
  const driftRows = toDriftRows(squads, drift.byScope, totalScope ? { scope: totalScope, name: label } : null);
  const patterns = useQuery({ ...patternsQueryOptions({ scope: filters.scope, from: filters.from, to: filters.to }), enabled: ready });
  const canWrite = (me.data?.roles ?? []).some((r) => r === 'practice_lead' || r === 'admin');
  const chartPeriod = { interval: filters.interval, scopeLabel: label, from: filters.from, to: filters.to, timeZone };

  return (
    <div className="page">
      <PageHeader title="Practice Lead" context={pageContext(label, filters.from, filters.to, filters.interval)} />
      {org.status === 'pending' ? <LoadingState label="Loading squads…" minHeight={200} /> : null}
      {org.status === 'error' ? <ErrorState error={org.error} what="squads and groups" onRetry={org.retry} /> : null}
      {org.status === 'success' && !visible ? <ScopeNotVisible pathname="/practice" /> : null}
      {org.status === 'success' && visible ? (
        <>
          <DriftSquadsTable
            rows={driftRows.squads}
            total={driftRows.total}
            status={drift.status}
            unavailable={drift.unavailable}
            error={drift.error}
            onRetry={drift.retry}
            period={periodText}
            scope={filters.scope}
          />
          <div className="split-2">
            <DriftEpisodesChart
              data={toEpisodeTrend(squads, drift.byScope)}
              status={drift.status}
              unavailable={drift.unavailable}
              error={drift.error}
              onRetry={drift.retry}
              {...chartPeriod}
            />
            <DriftEpisodesList
              query={{ scope: filters.scope, from: filters.from, to: filters.to, status: 'open', limit: 20 }}
              title="Open drift episodes"
              intro={<>Episodes still open at the end of {periodText}, longest open first, with the signals that opened them.</>}
              empty={<>No drift episode is open in {label}.</>}
              timeZone={timeZone}
              showSquad
            />
          </div>
          <CitationTrendChart
            data={toCitationTrend(squads, metrics.byScope)}
            status={metrics.status}
            error={metrics.error}
            onRetry={metrics.retry}
            {...chartPeriod}
          />
          <CitedPatternsPanel
            data={patterns.data}
            status={patterns.isPending ? 'pending' : patterns.isError ? 'error' : 'success'}
            error={patterns.error}
            onRetry={() => void patterns.refetch()}
            scope={filters.scope}
            period={periodText}
          />
          <RetiredCitationsPanel query={{ scope: filters.scope, ...period }} scopeName={label} period={periodText} timeZone={timeZone} />
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
          <PatternLibraryPanel canWrite={canWrite} timeZone={timeZone} query={{ scope: filters.scope, from: filters.from, to: filters.to }} />
        </>
      ) : null}
    </div>
  );
}
