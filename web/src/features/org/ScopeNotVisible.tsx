import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { meQueryOptions } from '../../api/auth.queries';
import { defaultScopeFor } from '../../app/session';
import { useFilters } from '../../app/useFilters';
import { scopeLabel } from './scope';
import { useOrgStructure } from './useOrgStructure';

/** The URL names a group or squad outside what the user may read (e.g. a shared link). */
export function ScopeNotVisible({ pathname }: { pathname: string }) {
  const { filters, searchWith } = useFilters();
  const me = useQuery(meQueryOptions());
  const org = useOrgStructure();
  const own = defaultScopeFor(me.data);
  return (
    <section className="panel" aria-labelledby="not-visible-heading">
      <div className="state state--error" role="alert">
        <h2 id="not-visible-heading" className="state__title">
          {scopeLabel(filters.scope, org)} is not available to you
        </h2>
        <p className="state__body">
          Your account can see{' '}
          {me.data?.scopes.length
            ? me.data.scopes.map((s) => scopeLabel(s, org)).join(', ')
            : 'no groups or squads yet'}
          . Ask an admin if you need access to more.
        </p>
        <Link className="button" to={{ pathname, search: searchWith({ scope: own }) }}>
          Show {scopeLabel(own, org)}
        </Link>
      </div>
    </section>
  );
}
