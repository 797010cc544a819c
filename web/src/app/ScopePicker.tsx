import type { ScopeParam } from '@bearing/shared';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { meQueryOptions } from '../api/auth.queries';
import { groupsQueryOptions } from '../api/groups.queries';
import { squadsQueryOptions } from '../api/squads.queries';
import { groupScope, isScopeVisible, scopeLabel, squadScope } from '../features/org/scope';
import { canReadOrg } from './session';
import { useFilters } from './useFilters';

/** Whole org, a group or a squad. Lists what `/squads` and `/groups` return to the caller. */
export function ScopePicker() {
  const { filters, setFilters } = useFilters();
  const id = useId();
  const squads = useQuery(squadsQueryOptions());
  const groups = useQuery(groupsQueryOptions());
  const me = useQuery(meQueryOptions());
  const orgVisible = canReadOrg(me.data);

  const squadList = [...(squads.data?.squads ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  // only groups the user may read as a whole (a viewer sees their squad's group listed)
  const groupList = [...(groups.data?.groups ?? [])]
    .filter((g) =>
      isScopeVisible(groupScope(g.key), squads.data?.squads ?? [], groups.data?.groups ?? [], me.data?.scopes ?? null),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  const known = new Set<ScopeParam>([
    ...(orgVisible ? ['org'] : []),
    ...squadList.map((s) => squadScope(s.key)),
    ...groupList.map((g) => groupScope(g.key)),
  ]);
  const loading = squads.isPending || groups.isPending;

  return (
    <div className="field">
      <label htmlFor={id}>Scope</label>
      <select
        id={id}
        value={filters.scope}
        onChange={(event) => setFilters({ scope: event.target.value })}
        aria-busy={loading || undefined}
      >
        {orgVisible ? <option value="org">Whole organisation</option> : null}
        {!known.has(filters.scope) ? (
          <option value={filters.scope}>
            {loading ? 'Loading…' : `${scopeLabel(filters.scope, {})} (not visible to you)`}
          </option>
        ) : null}
        {groupList.length > 0 ? (
          <optgroup label="Groups">
            {groupList.map((group) => (
              <option key={group.key} value={groupScope(group.key)}>
                {group.name}
              </option>
            ))}
          </optgroup>
        ) : null}
        {squadList.length > 0 ? (
          <optgroup label="Squads">
            {squadList.map((squad) => (
              <option key={squad.key} value={squadScope(squad.key)}>
                {squad.name}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </div>
  );
}
