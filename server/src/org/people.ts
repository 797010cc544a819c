import type { PersonKind, PersonView } from '@bearing/shared';

/** A `people` row as the repository reads it. */
export interface PersonRow {
  key: string;
  name: string;
  kind: string;
  emails: string[] | null;
  logins: Record<string, string> | null;
  squads: string[] | null;
  roles: string[] | null;
}

export function personView(r: PersonRow): PersonView {
  return {
    key: r.key,
    name: r.name,
    kind: r.kind as PersonKind,
    emails: r.emails ?? [],
    logins: r.logins ?? {},
    squads: r.squads ?? [],
    roles: r.roles ?? [],
  };
}

/**
 * Tables whose columns hold a person reference (a person key, email or login) in canonical
 * records. A merge re-points the rows naming the merged person's key; rows naming one of its
 * emails or logins need nothing, since those identities move to the surviving person.
 */
export const PERSON_REFERENCES: readonly { table: string; column: string }[] = [
  { table: 'commits', column: 'author' },
  { table: 'pull_requests', column: 'author' },
  { table: 'reviews', column: 'reviewer' },
  { table: 'pr_events', column: 'actor' },
  { table: 'agent_sessions', column: 'agent' },
  { table: 'agent_session_events', column: 'by' },
];

const unionBy = (a: string[], b: string[], norm: (s: string) => string = (s) => s): string[] => {
  const seen = new Set(a.map(norm));
  const out = [...a];
  for (const x of b) if (!seen.has(norm(x))) (seen.add(norm(x)), out.push(x));
  return out;
};

/**
 * The surviving person after merging `from` into `into` (pure). `into` keeps its key, name and
 * kind; emails (case-insensitive), squads and roles are united in order; `from`'s logins join
 * `into`'s, a second account of one source going under `<source>:2`, `<source>:3` …, and a login
 * `into` already has (under any source) is not repeated.
 */
export function mergeIdentities(from: PersonRow, into: PersonRow): PersonRow {
  const logins: Record<string, string> = { ...(into.logins ?? {}) };
  const has = (login: string) => Object.values(logins).some((l) => l.toLowerCase() === login.toLowerCase());
  for (const [source, login] of Object.entries(from.logins ?? {})) {
    if (has(login)) continue;
    const base = source.replace(/:\d+$/, '');
    let name = base;
    for (let n = 2; name in logins; n++) name = `${base}:${n}`;
    logins[name] = login;
  }
  return {
    ...into,
    emails: unionBy(into.emails ?? [], from.emails ?? [], (e) => e.toLowerCase()),
    logins,
    squads: unionBy(into.squads ?? [], from.squads ?? []),
    roles: unionBy(into.roles ?? [], from.roles ?? []),
  };
}
