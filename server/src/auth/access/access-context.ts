import { formatScope, type ScopeRef } from '../../org/scope.js';
import { outOfScope } from '../auth.errors.js';
import { type Principal, isOrgWide } from '../auth.types.js';

/** Expands group keys into the groups below them and the squads they hold. */
export interface OrgVisibilityLookup {
  expandGroups(groups: readonly string[]): Promise<{ groups: string[]; squads: string[] }>;
}

export interface Visibility {
  /** visible groups: the user's groups and their descendants */
  groups: string[];
  /** visible squads: the user's squads plus every squad of a visible group */
  squads: string[];
}

/**
 * What the caller of one request may read. Admins, VPs, practice leads and API tokens see the
 * whole org; directors see their groups (and groups below them); squad leads and viewers their
 * squads. `org` and any group or squad outside that is forbidden (403), never silently narrowed.
 */
export class AccessContext {
  private visibility: Promise<Visibility> | null = null;

  constructor(
    readonly principal: Principal,
    private readonly lookup: OrgVisibilityLookup,
  ) {}

  /** True when the caller sees every squad, group and unowned event. */
  get orgWide(): boolean {
    return isOrgWide(this.principal);
  }

  private load(): Promise<Visibility> {
    this.visibility ??= this.lookup.expandGroups(this.principal.groups).then(({ groups, squads }) => ({
      groups,
      squads: [...new Set([...squads, ...this.principal.squads])].sort(),
    }));
    return this.visibility;
  }

  /** Visible squads; null means all (and events owned by no squad). */
  async visibleSquads(): Promise<string[] | null> {
    return this.orgWide ? null : (await this.load()).squads;
  }

  /** Visible groups; null means all. */
  async visibleGroups(): Promise<string[] | null> {
    return this.orgWide ? null : (await this.load()).groups;
  }

  async canRead(scope: ScopeRef): Promise<boolean> {
    if (this.orgWide) return true;
    if (scope.kind === 'org') return false;
    const v = await this.load();
    return scope.kind === 'group' ? v.groups.includes(scope.key) : v.squads.includes(scope.key);
  }

  /** Throws a 403 (`forbidden`, field `scope`) when the scope is outside what the caller may read. */
  async assertCanRead(scope: ScopeRef): Promise<void> {
    if (!(await this.canRead(scope))) throw outOfScope(formatScope(scope));
  }
}
