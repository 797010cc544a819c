import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { PlaceholderPanel } from '../../components/PlaceholderPanel';
import { OrgStructureTables } from '../../features/org/OrgStructureTables';
import { useOrgStructure } from '../../features/org/useOrgStructure';

export function AdminPage() {
  const org = useOrgStructure();
  return (
    <div className="page">
      <PageHeader title="Admin" context="Organisation structure as the server sees it." />
      <PlaceholderPanel title="Most of this view is not built yet">
        <p>
          Sources with their status, last and next sync and a &ldquo;sync now&rdquo; button;
          people and their accounts; agent identities; the pattern library; users, roles and API
          tokens arrive with the Admin view issue. The squads and groups below are live.
        </p>
      </PlaceholderPanel>
      {org.status === 'pending' ? <LoadingState label="Loading squads and groups…" minHeight={160} /> : null}
      {org.status === 'error' ? (
        <ErrorState error={org.error} what="squads and groups" onRetry={org.retry} />
      ) : null}
      {org.status === 'success' ? <OrgStructureTables squads={org.squads} groups={org.groups} /> : null}
    </div>
  );
}
