/**
 * CODEOWNERS: a pure parser and matcher (GitHub semantics: gitignore-style patterns, the LAST
 * matching line wins, owners are `@org/team`, `@user` or an email), and the mapping of owners
 * to squads (team slug = squad key; a person's login or email → that person's squads).
 */

export interface CodeOwnersEntry {
  /** 1-based line number in the file: later lines win */
  position: number;
  pathPattern: string;
  /** empty: the line removes ownership of the matched paths */
  owners: string[];
}

/** Parses a CODEOWNERS file. Comments (`#` at the start of a token) and blank lines are skipped. */
export function parseCodeowners(text: string): CodeOwnersEntry[] {
  const out: CodeOwnersEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    // `\#` and `\ ` escape; split on unescaped whitespace
    const tokens: string[] = [];
    let cur = '';
    for (let j = 0; j < line.length; j++) {
      const ch = line[j]!;
      if (ch === '\\' && j + 1 < line.length) {
        cur += line[++j]!;
      } else if (/\s/.test(ch)) {
        if (cur) tokens.push(cur);
        cur = '';
      } else if (ch === '#' && cur === '') {
        break; // inline comment
      } else {
        cur += ch;
      }
    }
    if (cur) tokens.push(cur);
    if (!tokens.length) continue;
    const [pathPattern, ...owners] = tokens;
    out.push({ position: i + 1, pathPattern: pathPattern!, owners });
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/**
 * Compiles a gitignore-style pattern to a regex over repository-relative paths (no leading `/`).
 * A leading `/` or a `/` inside the pattern anchors it at the root, otherwise it matches at any
 * depth; a trailing `/` matches a directory's contents; `*` does not cross `/`, `**` does; a
 * pattern naming a directory also matches everything under it, except a final `/*` segment,
 * which matches direct children only (as GitHub documents for `docs/*`).
 */
export function compilePathPattern(pattern: string): RegExp {
  let p = pattern.trim();
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\/+/, '');
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '*') {
      if (p[i + 1] === '*') {
        const atSegStart = i === 0 || p[i - 1] === '/';
        if (atSegStart && p[i + 2] === '/') {
          body += '(?:.*/)?';
          i += 2;
        } else {
          body += '.*';
          i += 1;
        }
      } else {
        body += '[^/]*';
      }
    } else if (ch === '?') {
      body += '[^/]';
    } else {
      body += escapeRe(ch);
    }
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  const lastSegment = p.split('/').pop();
  if (dirOnly) return new RegExp(`${prefix}${body}/.*$`);
  if (lastSegment === '*' && anchored) return new RegExp(`${prefix}${body}$`);
  return new RegExp(`${prefix}${body}(?:/.*)?$`);
}

const normalisePath = (path: string) => path.replace(/^\.?\/+/, '');

/** Builds a matcher: path → the owners of the last matching line (null when no line matches). */
export function codeownersMatcher(entries: Pick<CodeOwnersEntry, 'position' | 'pathPattern' | 'owners'>[]): (path: string) => string[] | null {
  const compiled = [...entries]
    .sort((a, b) => b.position - a.position)
    .map((e) => ({ re: compilePathPattern(e.pathPattern), owners: e.owners }));
  return (path) => {
    const p = normalisePath(path);
    for (const c of compiled) if (c.re.test(p)) return c.owners;
    return null;
  };
}

/** Whether a path is inside one of the declared scope paths (same pattern syntax; a bare directory covers its contents). */
export function scopeMatcher(scopePaths: string[]): (path: string) => boolean {
  const res = scopePaths.filter((s) => s.trim() !== '').map(compilePathPattern);
  return (path) => res.some((re) => re.test(normalisePath(path)));
}

export interface OwnerPerson {
  key: string;
  emails: string[] | null;
  logins: Record<string, string> | null;
  squads: string[] | null;
}

/** Maps CODEOWNERS owners to squads: `@org/<team>` → squad `<team>`; `@login` or an email → the person's squads. */
export function ownerSquadResolver(squadKeys: string[], people: OwnerPerson[]): (owners: string[]) => string[] {
  const squads = new Map(squadKeys.map((k) => [k.toLowerCase(), k]));
  const byAlias = new Map<string, OwnerPerson>();
  for (const p of people) {
    byAlias.set(p.key.toLowerCase(), p);
    for (const e of p.emails ?? []) byAlias.set(e.toLowerCase(), p);
    for (const l of Object.values(p.logins ?? {})) byAlias.set(l.toLowerCase(), p);
  }
  return (owners) => {
    const out = new Set<string>();
    for (const raw of owners) {
      const o = raw.trim().toLowerCase();
      if (o.startsWith('@') && o.includes('/')) {
        const s = squads.get(o.slice(o.indexOf('/') + 1));
        if (s) out.add(s);
      } else {
        const person = byAlias.get(o.startsWith('@') ? o.slice(1) : o);
        for (const s of person?.squads ?? []) out.add(s);
      }
    }
    return [...out].sort();
  };
}
