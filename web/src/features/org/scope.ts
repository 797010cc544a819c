import type { GroupSummary, ScopeParam, SquadSummary } from '@bearing/shared';

export type Scope =
  | { kind: 'org' }
  | { kind: 'group'; key: string }
  | { kind: 'squad'; key: string };

export const ORG_SCOPE: ScopeParam = 'org';

/** `org`, `group:<key>` or `squad:<key>`; null for anything else. */
export function parseScope(value: string | null | undefined): Scope | null {
  if (!value) return null;
  if (value === 'org') return { kind: 'org' };
  const match = /^(group|squad):(.+)$/.exec(value);
  if (!match) return null;
  return { kind: match[1] as 'group' | 'squad', key: match[2] };
}

export function squadScope(key: string): ScopeParam {
  return `squad:${key}`;
}

export function groupScope(key: string): ScopeParam {
  return `group:${key}`;
}

/** The group and every group below it. */
export function descendantGroupKeys(rootKey: string, groups: readonly GroupSummary[]): Set<string> {
  const keys = new Set([rootKey]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const group of groups) {
      if (group.parent && keys.has(group.parent) && !keys.has(group.key)) {
        keys.add(group.key);
        grew = true;
      }
    }
  }
  return keys;
}

/** The squads a scope covers, in name order (a group includes its sub-groups' squads). */
export function squadsInScope(
  scope: ScopeParam,
  squads: readonly SquadSummary[],
  groups: readonly GroupSummary[],
): SquadSummary[] {
  const parsed = parseScope(scope);
  let selected: SquadSummary[];
  if (!parsed) selected = [];
  else if (parsed.kind === 'org') selected = [...squads];
  else if (parsed.kind === 'squad') selected = squads.filter((s) => s.key === parsed.key);
  else {
    const groupKeys = descendantGroupKeys(parsed.key, groups);
    const listed = new Set(
      groups.filter((g) => groupKeys.has(g.key)).flatMap((g) => g.squads),
    );
    selected = squads.filter(
      (s) => listed.has(s.key) || (s.group !== null && groupKeys.has(s.group)),
    );
  }
  return selected.sort((a, b) => a.name.localeCompare(b.name));
}

/** A human name for a scope: the org's name, a group's or a squad's. */
export function scopeLabel(
  scope: ScopeParam,
  context: { orgName?: string; squads?: readonly SquadSummary[]; groups?: readonly GroupSummary[] },
): string {
  const parsed = parseScope(scope);
  if (!parsed) return scope;
  if (parsed.kind === 'org') return context.orgName ?? 'Whole organisation';
  if (parsed.kind === 'group') {
    const group = context.groups?.find((g) => g.key === parsed.key);
    return group ? `${group.name} group` : `Group ${parsed.key}`;
  }
  const squad = context.squads?.find((s) => s.key === parsed.key);
  return squad ? squad.name : `Squad ${parsed.key}`;
}

/**
 * Whether the caller may read a scope. `readable` is what `/me` lists (`org`, `group:<key>`,
 * `squad:<key>`; null while unknown). A group is readable through itself or a parent group;
 * a squad when the server lists it in `/squads` (already narrowed to the caller). `/groups`
 * also lists the group around a squad-scoped user's squad, which they may not read as a whole.
 */
export function isScopeVisible(
  scope: ScopeParam,
  squads: readonly SquadSummary[],
  groups: readonly GroupSummary[],
  readable: readonly string[] | null,
): boolean {
  const parsed = parseScope(scope);
  if (!parsed) return false;
  const orgWide = readable === null || readable.includes('org');
  if (parsed.kind === 'org') return orgWide;
  if (parsed.kind === 'squad') return squads.some((s) => s.key === parsed.key);
  if (!groups.some((g) => g.key === parsed.key)) return false;
  if (orgWide) return true;
  return readable.some((entry) => {
    const owner = parseScope(entry);
    return owner?.kind === 'group' && descendantGroupKeys(owner.key, groups).has(parsed.key);
  });
}
