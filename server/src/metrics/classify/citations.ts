import type { MetricRules } from '../rules.js';

/** A library entry as the citation classifier reads it. */
export interface PatternInput {
  key: string;
  status: string;
  retiredAt: Date | null;
  path: string | null;
}

export type CitationKind = 'active' | 'retired' | 'unknown';

/** One PR citing one pattern key (a library key, or an unknown pattern-shaped key). */
export interface CitationFact {
  repo: string;
  number: number;
  patternKey: string;
  /** as of the PR's merge time (unmerged PRs: the pattern's current status) */
  kind: CitationKind;
  /** how the citation was found: the key as a whole word, or a link/path to the pattern's file */
  via: 'key' | 'path';
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The prefix of a pattern key: what precedes its last `-` (`PAT-012` → `PAT`). */
export function keyPrefix(key: string): string {
  const i = key.lastIndexOf('-');
  return (i > 0 ? key.slice(0, i) : key.replace(/\d+$/, '')).toUpperCase();
}

/** Library path without a leading `./` or `/` (a path is matched as a suffix of links). */
const normalisePath = (p: string) => p.trim().replace(/^\.?\/+/, '');

export interface CitationMatch {
  key: string;
  via: 'key' | 'path';
  /** true when the key is not in the library */
  unknown: boolean;
}

/**
 * Builds the matcher for one library: a text cites a pattern when it contains the key as a
 * whole word (case-insensitive) or the pattern file's path (alone or as the end of a URL or
 * longer path). Pattern-shaped keys (the rules' key regex) whose prefix is one of the
 * configured prefixes — by default the prefixes of the library's keys — and which are not in
 * the library are reported as unknown.
 */
export function citationMatcher(
  patterns: Pick<PatternInput, 'key' | 'path'>[],
  rules: Pick<MetricRules, 'patternKeyRegex' | 'patternPrefixes'>,
): (text: string) => CitationMatch[] {
  const library = patterns.map((p) => ({
    key: p.key,
    keyRe: new RegExp(`(?<![A-Za-z0-9_])${escape(p.key)}(?![A-Za-z0-9_])`, 'i'),
    pathRe: p.path && normalisePath(p.path)
      ? new RegExp(`(?:^|[\\s/(<\\["'\`])${escape(normalisePath(p.path))}(?![A-Za-z0-9_/-])`, 'i')
      : null,
  }));
  const known = new Set(patterns.map((p) => p.key.toUpperCase()));
  const prefixes = new Set((rules.patternPrefixes ?? patterns.map((p) => keyPrefix(p.key))).map((x) => x.toUpperCase()));
  const shaped = new RegExp(rules.patternKeyRegex, 'g');
  return (text: string) => {
    const out: CitationMatch[] = [];
    if (!text) return out;
    for (const p of library) {
      if (p.keyRe.test(text)) out.push({ key: p.key, via: 'key', unknown: false });
      else if (p.pathRe?.test(text)) out.push({ key: p.key, via: 'path', unknown: false });
    }
    if (prefixes.size) {
      const seen = new Set<string>();
      for (const m of text.matchAll(shaped)) {
        const k = m[0].toUpperCase();
        if (known.has(k) || seen.has(k) || !prefixes.has(keyPrefix(k))) continue;
        seen.add(k);
        out.push({ key: k, via: 'key', unknown: true });
      }
    }
    return out;
  };
}

/** Whether a pattern counts as retired for a PR merged at `mergedAt` (null: not merged, current status). */
export function isRetiredFor(pattern: Pick<PatternInput, 'status' | 'retiredAt'>, mergedAt: Date | null): boolean {
  if (pattern.retiredAt) return mergedAt === null || mergedAt.getTime() >= pattern.retiredAt.getTime();
  return pattern.status === 'retired';
}

/** The citations of one repository's PRs (title and body), classified as of each PR's merge time. */
export function extractCitations(
  repo: string,
  prs: { number: number; title: string; body: string | null; mergedAt: Date | null }[],
  patterns: PatternInput[],
  rules: Pick<MetricRules, 'patternKeyRegex' | 'patternPrefixes'>,
  matcher: (text: string) => CitationMatch[] = citationMatcher(patterns, rules),
): CitationFact[] {
  const byKey = new Map(patterns.map((p) => [p.key, p]));
  const out: CitationFact[] = [];
  for (const pr of prs) {
    for (const m of matcher(`${pr.title ?? ''}\n${pr.body ?? ''}`)) {
      const p = byKey.get(m.key);
      const kind: CitationKind = m.unknown || !p ? 'unknown' : isRetiredFor(p, pr.mergedAt) ? 'retired' : 'active';
      out.push({ repo, number: pr.number, patternKey: m.key, kind, via: m.via });
    }
  }
  return out;
}
