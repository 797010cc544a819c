import type { GroupSummary, SquadSummary } from '@bearing/shared';
import { useQuery } from '@tanstack/react-query';
import { groupsQueryOptions } from '../../api/groups.queries';
import { settingsQueryOptions } from '../../api/settings.queries';
import { squadsQueryOptions } from '../../api/squads.queries';
import type { LoadStatus } from '../../lib/status';

export interface OrgStructure {
  status: LoadStatus;
  squads: SquadSummary[];
  groups: GroupSummary[];
  /** the org's name, when the settings have loaded */
  orgName: string | undefined;
  error: Error | null;
  retry: () => void;
}

/** Squads and groups visible to the caller (plus the org name for labels). */
export function useOrgStructure(): OrgStructure {
  const squads = useQuery(squadsQueryOptions());
  const groups = useQuery(groupsQueryOptions());
  const settings = useQuery(settingsQueryOptions());
  const failed = [squads, groups].filter((query) => query.isError);
  const status: LoadStatus =
    failed.length > 0 ? 'error' : squads.isSuccess && groups.isSuccess ? 'success' : 'pending';
  return {
    status,
    squads: squads.data?.squads ?? [],
    groups: groups.data?.groups ?? [],
    orgName: settings.data?.name,
    error: failed[0]?.error ?? null,
    retry: () => {
      for (const query of failed) void query.refetch();
    },
  };
}
