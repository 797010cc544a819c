import { Injectable } from '@nestjs/common';
import type { GroupsResponse, OrgSettings, SquadsResponse } from '@bearing/shared';
import { DomainError } from '../common/errors.js';
import { OrgRepository } from './org.repository.js';
import { type ResolvedScope, type ScopeRef, formatScope } from './scope.js';

@Injectable()
export class OrgService {
  constructor(private readonly repository: OrgRepository) {}

  async settings(): Promise<OrgSettings> {
    const { name, timeZone, productionPattern } = await this.repository.settings();
    return { name, timeZone, productionPattern };
  }

  /** Turns a scope reference into the squads it covers; unknown keys are a 404. */
  async resolve(ref: ScopeRef): Promise<ResolvedScope> {
    if (ref.kind === 'org') return { ref, squads: null };
    if (ref.kind === 'squad') {
      if (!(await this.repository.squadExists(ref.key))) throw new DomainError('not_found', `scope: unknown squad '${ref.key}'`, { field: 'scope' });
      return { ref, squads: [ref.key] };
    }
    if (!(await this.repository.groupExists(ref.key))) throw new DomainError('not_found', `scope: unknown group '${ref.key}'`, { field: 'scope' });
    return { ref, squads: await this.repository.squadsOfGroup(ref.key) };
  }

  describe(scope: ResolvedScope): string {
    return formatScope(scope.ref);
  }

  /** Squads; `visible` (from the caller's access) limits them, null = all. */
  async squads(visible: string[] | null = null): Promise<SquadsResponse> {
    return { squads: await this.repository.squads(visible) };
  }

  /**
   * Groups; `visible` limits them to the caller's groups and the groups holding a visible squad,
   * each listing only visible squads. null = all.
   */
  async groups(visible: { groups: string[]; squads: string[] } | null = null): Promise<GroupsResponse> {
    const groups = await this.repository.groups();
    if (!visible) return { groups };
    return {
      groups: groups
        .map((g) => ({ ...g, squads: g.squads.filter((s) => visible.squads.includes(s)) }))
        .filter((g) => visible.groups.includes(g.key) || g.squads.length > 0),
    };
  }
}
