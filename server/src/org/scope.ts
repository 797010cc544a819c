import { invalidField } from '../common/errors.js';

export type ScopeRef = { kind: 'org' } | { kind: 'group'; key: string } | { kind: 'squad'; key: string };

/** Parses `org`, `group:<key>` or `squad:<key>`. */
export function parseScope(value: string | undefined, field = 'scope'): ScopeRef {
  const v = (value ?? 'org').trim();
  if (v === 'org') return { kind: 'org' };
  const m = /^(group|squad):(.{1,512})$/.exec(v);
  if (!m) throw invalidField(field, "must be 'org', 'group:<key>' or 'squad:<key>'");
  return { kind: m[1] as 'group' | 'squad', key: m[2]! };
}

export function formatScope(scope: ScopeRef): string {
  return scope.kind === 'org' ? 'org' : `${scope.kind}:${scope.key}`;
}

/** The squads a scope covers; null means the whole org (every event, owned or not). */
export interface ResolvedScope {
  ref: ScopeRef;
  squads: string[] | null;
}
