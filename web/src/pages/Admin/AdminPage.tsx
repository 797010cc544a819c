import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { meQueryOptions } from '../../api/auth.queries';
import { rulesQueryOptions } from '../../api/settings.queries';
import { useFilters } from '../../app/useFilters';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { AuditPanel } from '../../features/admin/AuditPanel';
import { RulesPanel } from '../../features/admin/RulesPanel';
import { SourcesPanel } from '../../features/admin/SourcesPanel';
import { SyncRunsPanel } from '../../features/admin/SyncRunsPanel';
import { PatternLibraryPanel } from '../../features/patterns/PatternLibraryPanel';
import { TokensPanel } from '../../features/admin/TokensPanel';
import { UsersPanel } from '../../features/admin/UsersPanel';
import { PeoplePanel } from '../../features/admin/PeoplePanel';
import { OrgStructureTables } from '../../features/org/OrgStructureTables';
import { useOrgStructure } from '../../features/org/useOrgStructure';

const TABS = [
  { key: 'users', label: 'Users' },
  { key: 'tokens', label: 'API tokens' },
  { key: 'rules', label: 'Org rules' },
  { key: 'org', label: 'Organisation' },
  { key: 'people', label: 'People' },
  { key: 'audit', label: 'Audit log' },
  { key: 'sources', label: 'Sources' },
  { key: 'patterns', label: 'Pattern library' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

/** `?tab=` of the Admin view; unknown values fall back to Users. */
function tabFrom(value: string | null): TabKey {
  return TABS.find((t) => t.key === value)?.key ?? 'users';
}

export function AdminPage() {
  const me = useQuery(meQueryOptions());
  const [params] = useSearchParams();
  const tab = tabFrom(params.get('tab'));

  if (me.isPending) return <LoadingState label="Loading…" minHeight={200} />;
  if (!me.data?.roles.includes('admin')) {
    return (
      <div className="page">
        <PageHeader title="Admin" />
        <section className="panel" aria-labelledby="admin-not-available">
          <div className="state state--error" role="alert">
            <h2 id="admin-not-available" className="state__title">
              The Admin view is not available to you
            </h2>
            <p className="state__body">
              It is for admins: users, API tokens, org rules and the audit log. Ask an admin if you
              need a change there.
            </p>
          </div>
        </section>
      </div>
    );
  }

  const tabSearch = (key: TabKey) => {
    const next = new URLSearchParams(params);
    next.set('tab', key);
    return `?${next.toString()}`;
  };

  return (
    <div className="page">
      <PageHeader title="Admin" context="Users, API tokens, org rules, organisation structure, people and their identities, sources, the pattern library and the audit log." />
      <nav className="admin-tabs" aria-label="Admin sections">
        <ul>
          {TABS.map((t) => (
            <li key={t.key}>
              <Link
                to={{ search: tabSearch(t.key) }}
                className="admin-tabs__link"
                aria-current={t.key === tab ? 'page' : undefined}
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <AdminSection tab={tab} currentUserId={me.data.user?.id ?? null} />
    </div>
  );
}

function AdminSection({ tab, currentUserId }: { tab: TabKey; currentUserId: string | null }) {
  const { filters, timeZone } = useFilters();
  switch (tab) {
    case 'users':
      return <UsersPanel timeZone={timeZone} currentUserId={currentUserId} />;
    case 'tokens':
      return <TokensPanel timeZone={timeZone} />;
    case 'rules':
      return <RulesSection />;
    case 'org':
      return <OrganisationSection />;
    case 'people':
      return <PeoplePanel />;
    case 'audit':
      return <AuditPanel timeZone={timeZone} />;
    case 'sources':
      return (
        <>
          <SourcesPanel timeZone={timeZone} />
          <SyncRunsPanel timeZone={timeZone} />
        </>
      );
    case 'patterns':
      return <PatternLibraryPanel canWrite timeZone={timeZone} query={{ scope: 'org', from: filters.from, to: filters.to }} />;
  }
}

function RulesSection() {
  const rules = useQuery(rulesQueryOptions());
  const org = useOrgStructure();
  if (rules.isPending || (org.orgName === undefined && org.status !== 'error')) {
    return <LoadingState label="Loading org rules…" minHeight={200} />;
  }
  if (rules.isError) return <ErrorState error={rules.error} what="org rules" onRetry={() => void rules.refetch()} />;
  return <RulesPanel key={rules.dataUpdatedAt} rules={rules.data} orgName={org.orgName ?? ''} />;
}

function OrganisationSection() {
  const org = useOrgStructure();
  if (org.status === 'pending') return <LoadingState label="Loading squads and groups…" minHeight={160} />;
  if (org.status === 'error') return <ErrorState error={org.error} what="squads and groups" onRetry={org.retry} />;
  return <OrgStructureTables squads={org.squads} groups={org.groups} />;
}
