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

  async squads(): Promise<SquadsResponse> {
    return { squads: await this.repository.squads(null) };
  }

  async groups(): Promise<GroupsResponse> {
    return { groups: await this.repository.groups() };
  }
}
