import { useFilters } from '../../app/useFilters';
import { PageHeader } from '../../components/PageHeader';
import { PlaceholderPanel } from '../../components/PlaceholderPanel';
import { scopeLabel } from '../../features/org/scope';
import { useOrgStructure } from '../../features/org/useOrgStructure';
import { pageContext } from '../pageContext';

export function PracticeLeadPage() {
  const { filters } = useFilters();
  const org = useOrgStructure();
  return (
    <div className="page">
      <PageHeader
        title="Practice Lead"
        context={pageContext(scopeLabel(filters.scope, org), filters.from, filters.to, filters.interval)}
      />
      <PlaceholderPanel title="This view is not built yet">
        <p>
          The Practice Lead view arrives with its own issue. Nothing on this page is data yet.
          It will show:
        </p>
        <ul>
          <li>
            Drift per squad: episodes per week, median and p90 drift recovery time, the share
            caught within 15 minutes and the share over 2 hours, and open episodes with their age.
          </li>
          <li>Pattern citation rate per squad over time, and the most and least cited patterns.</li>
          <li>PRs citing retired or unknown patterns (the migration list).</li>
          <li>Pattern library freshness.</li>
          <li>
            Review concentration: the share of reviews done by the practice lead(s) and by each
            squad&rsquo;s top reviewer.
          </li>
        </ul>
      </PlaceholderPanel>
    </div>
  );
}
