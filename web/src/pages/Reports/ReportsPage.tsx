import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { meQueryOptions } from '../../api/auth.queries';
import { reportsQueryOptions } from '../../api/reports.queries';
import { settingsQueryOptions } from '../../api/settings.queries';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { GenerateReportForm } from '../../features/reports/GenerateReportForm';
import { ReportsTable } from '../../features/reports/ReportsTable';
import { reviewMonths, reviewScopeOptions } from '../../features/reports/reportsView';
import { useOrgStructure } from '../../features/org/useOrgStructure';
import { todayInTimeZone } from '../../lib/dates';

/** Monthly reviews: the list with downloads, and "generate" for a month and scope. */
export function ReportsPage() {
  const reports = useQuery(reportsQueryOptions());
  const me = useQuery(meQueryOptions());
  const settings = useQuery(settingsQueryOptions());
  const org = useOrgStructure();
  const timeZone = settings.data?.timeZone ?? 'UTC';
  const months = useMemo(() => reviewMonths(todayInTimeZone(timeZone), 24), [timeZone]);
  const scopes = useMemo(
    () => reviewScopeOptions(org.squads, org.groups, me.data?.scopes ?? null, org.orgName),
    [org.squads, org.groups, me.data?.scopes, org.orgName],
  );

  return (
    <div className="page">
      <PageHeader title="Monthly reviews" context="PDF and CSV reviews per org, group and squad, generated on the 1st of each month and on demand." />

      <section className="panel" aria-labelledby="reports-generate">
        <div className="panel__header">
          <h2 id="reports-generate">Generate a review</h2>
        </div>
        <p className="panel__intro">Generating a month that already has a review replaces it.</p>
        {org.status === 'pending' ? (
          <LoadingState label="Loading your squads and groups…" />
        ) : org.status === 'error' ? (
          <ErrorState error={org.error} what="your squads and groups" onRetry={org.retry} />
        ) : (
          <GenerateReportForm months={months} scopes={scopes} />
        )}
      </section>

      <section className="panel panel--table" aria-labelledby="reports-list">
        <div className="panel__header">
          <h2 id="reports-list">Reviews</h2>
        </div>
        {reports.isPending ? (
          <LoadingState label="Loading reviews…" minHeight={160} />
        ) : reports.isError ? (
          <ErrorState error={reports.error} what="the reviews" onRetry={() => void reports.refetch()} />
        ) : reports.data.rows.length === 0 ? (
          <EmptyState title="No reviews yet">
            The first ones are generated on the 1st of next month; generate one now with the form above.
          </EmptyState>
        ) : (
          <ReportsTable rows={reports.data.rows} timeZone={timeZone} />
        )}
      </section>
    </div>
  );
}
