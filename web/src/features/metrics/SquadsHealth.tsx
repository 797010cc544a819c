import type { ScopeParam } from '@bearing/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { meQueryOptions } from '../../api/auth.queries';
import { useSearchParams, type To } from 'react-router';
import type { MetricPeriodQuery } from '../../api/metrics';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { fileSlug, toCsv } from '../../lib/csv';
import { formatPeriod } from '../../lib/format';
import { latestParams } from '../../app/latestParams';
import { useDrillDown } from '../drilldown/drillParams';
import { scopeLabel } from '../org/scope';
import { useOrgStructure } from '../org/useOrgStructure';
import { TargetsDialog } from '../targets/TargetsDialog';
import {
  flattenHealthTable,
  formatSort,
  healthCsvColumns,
  healthLayout,
  layoutScopes,
  nextSort,
  parseSort,
  sortHealthTable,
  toHealthTable,
  type SortKey,
} from './healthTable';
import { HEADLINE_KEYS, METRIC_DEFS } from './metricDefs';
import { SquadsHealthTable } from './SquadsHealthTable';
import { TIERS, tierBadgeText, type TierEdges } from './tiers';
import { useBatchScopeMetrics } from './useBatchScopeMetrics';

export const SORT_PARAM = 'sort';

export interface SquadsHealthProps {
  query: MetricPeriodQuery;
  squadLink: (squadKey: string) => To;
  groupLink: (groupKey: string) => To;
}

/**
 * The squads table of the Director (and VP) view: every headline metric per squad, group
 * roll-ups from the server (never averaged here), the change against the previous period,
 * tiers, targets, sorting (kept in the URL), drill-down and CSV export.
 */
export function SquadsHealth({ query, squadLink, groupLink }: SquadsHealthProps) {
  const org = useOrgStructure();
  const [params, setParams] = useSearchParams();
  const { openDrill } = useDrillDown();
  const sort = parseSort(params.get(SORT_PARAM));
  const me = useQuery(meQueryOptions());
  const canSetTargets = me.data?.roles.some((role) => role === 'admin' || role === 'director') ?? false;
  const [targetsOpen, setTargetsOpen] = useState(false);

  const layout = useMemo(
    () => healthLayout(query.scope, org.squads, org.groups, org.orgName ?? 'Whole organisation'),
    [query.scope, org.squads, org.groups, org.orgName],
  );
  // the page's own scope first: the server computes the batch in this order, and the trend
  // charts' own request for that scope shares its computation
  const scopes = useMemo(() => {
    const all = layoutScopes(layout);
    return all.includes(query.scope) ? [query.scope, ...all.filter((s) => s !== query.scope)] : all;
  }, [layout, query.scope]);
  const metrics = useBatchScopeMetrics(scopes, query, org.status === 'success');
  // cheap to rebuild: a few dozen rows, from responses held by the query cache
  const table = sortHealthTable(toHealthTable(layout, (scope) => metrics.byScope.get(scope)), sort);

  const onSort = useCallback(
    (key: SortKey) =>
      setParams(
        () => {
          const next = latestParams();
          next.set(SORT_PARAM, formatSort(nextSort(parseSort(next.get(SORT_PARAM)), key)));
          return next;
        },
        { replace: true, flushSync: true },
      ),
    [setParams],
  );
  const onOpen = useCallback(
    (metric: string, scope: ScopeParam) => openDrill(metric, scope),
    [openDrill],
  );

  const status = org.status === 'success' ? metrics.status : org.status;
  const error = org.status === 'error' ? org.error : metrics.error;
  const retry = org.status === 'error' ? org.retry : metrics.retry;
  const period = formatPeriod(query.from, query.to);
  const previous = formatPeriod(metrics.previous.from, metrics.previous.to);
  const rowCount = table.sections.reduce((n, s) => n + s.squads.length, 0);
  const edges = firstEdges(table);

  const heading = <h2 id="squads-heading">Squads</h2>;
  return (
    <section className="panel panel--table" aria-labelledby="squads-heading">
      <div className="panel__header">
        {heading}
        <div className="panel__actions">
          {canSetTargets && status === 'success' ? (
            <button type="button" className="button button--secondary" onClick={() => setTargetsOpen(true)}>
              Set targets…
            </button>
          ) : null}
          {status === 'success' && rowCount > 0 ? (
            <DownloadCsvButton
              filename={`bearing-squads-${fileSlug(query.scope)}-${query.from}-to-${query.to}.csv`}
              getCsv={() =>
                toCsv(healthCsvColumns(query, metrics.previous), flattenHealthTable(table))
              }
            />
          ) : null}
        </div>
      </div>
      {targetsOpen ? (
        <TargetsDialog
          scopes={[query.scope, ...scopes.filter((s) => s !== query.scope)].map((scope) => ({
            scope,
            label: scopeLabel(scope, { orgName: org.orgName, squads: org.squads, groups: org.groups }),
          }))}
          onClose={() => setTargetsOpen(false)}
        />
      ) : null}
      <p className="panel__intro">
        Select a number to see the events behind it, a squad to open its deep dive, a column
        header to sort.
      </p>
      {status === 'pending' ? <LoadingState label="Loading squads and their metrics…" minHeight={240} /> : null}
      {status === 'error' ? <ErrorState error={error} what="the squads’ metrics" onRetry={retry} /> : null}
      {status === 'success' && rowCount === 0 && !table.total ? (
        <EmptyState title="No squads in this scope">
          Choose another scope, or ask an admin to assign squads to this group.
        </EmptyState>
      ) : null}
      {status === 'success' && (rowCount > 0 || table.total) ? (
        <>
          {metrics.previousStatus === 'error' ? (
            <div className="inline-alert" role="alert">
              The previous period ({previous}) could not be loaded, so the changes are missing.{' '}
              <button type="button" className="link-button" onClick={metrics.retryPrevious}>
                Retry
              </button>
            </div>
          ) : null}
          <SquadsHealthTable
            table={table}
            caption={`Delivery metrics by squad, ${period}, with the change from the previous period of the same length (${previous})`}
            sort={sort}
            onSort={onSort}
            previousPending={metrics.previousStatus === 'pending'}
            squadLink={squadLink}
            groupLink={groupLink}
            onOpen={onOpen}
          />
          <div className="table-notes">
            <p className="table-note">
              Group and organisation rows count each event once across their squads (and include
              services no squad owns), so they are not averages of the squads. “—” means no data
              in the period, not zero. ▲/▼ show the change from {previous}, with “better” or
              “worse”: lower is better for durations and rates, higher for deployments.
            </p>
            {edges.length > 0 ? (
              <details className="tier-legend">
                <summary>How the DORA tiers are set</summary>
                <dl>
                  {edges.map(({ label, edges: e }) => (
                    <div key={label}>
                      <dt>{label}</dt>
                      <dd>{TIERS.map((tier) => `${tierBadgeText(tier)} ${e[tier]}`).join(' · ')}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

/** The tier edges of each tiered column, from the first row that has them. */
function firstEdges(table: ReturnType<typeof toHealthTable>): Array<{ label: string; edges: TierEdges }> {
  const rows = flattenHealthTable(table);
  const found: Array<{ label: string; edges: TierEdges }> = [];
  for (const key of HEADLINE_KEYS) {
    const edges = rows.map((row) => row.cells[key].tierEdges).find((e) => e !== null);
    if (edges) found.push({ label: METRIC_DEFS[key].label, edges });
  }
  return found;
}
