import { DEFAULT_RULES } from '../rules.js';
import { type PatternInput, citationMatcher, extractCitations, keyPrefix } from './citations.js';

const rules: { patternKeyRegex: string; patternPrefixes: string[] | null } = { patternKeyRegex: DEFAULT_RULES.patternKeyRegex, patternPrefixes: null };
const library: PatternInput[] = [
  { key: 'PAT-003', status: 'active', retiredAt: null, path: 'docs/patterns/PAT-003.md' },
  { key: 'PAT-012', status: 'retired', retiredAt: new Date('2026-05-10T00:00:00Z'), path: 'docs/patterns/outbox.md' },
];
const keys = (text: string, r = rules) => citationMatcher(library, r)(text).map((m) => `${m.key}:${m.via}${m.unknown ? ':unknown' : ''}`);

describe('citation extraction', () => {
  it('finds a key as a whole word, case-insensitive', () => {
    expect(keys('Implements PAT-003 for retries')).toEqual(['PAT-003:key']);
    expect(keys('see pat-003.')).toEqual(['PAT-003:key']);
    expect(keys('(PAT-003)')).toEqual(['PAT-003:key']);
  });

  it('does not count a key inside another word or a longer key', () => {
    // XPAT-003 and PAT-0031 are not PAT-003; PAT-0031 is pattern-shaped with a library prefix → unknown
    expect(keys('XPAT-003 and PAT-003x')).toEqual([]);
    expect(keys('PAT-0031')).toEqual(['PAT-0031:key:unknown']);
  });

  it("finds a link or path to the pattern's file, also as the end of a URL", () => {
    expect(keys('follows docs/patterns/outbox.md')).toEqual(['PAT-012:path']);
    expect(keys('[outbox](https://github.com/acme/handbook/blob/main/docs/patterns/outbox.md#usage)')).toEqual(['PAT-012:path']);
    expect(keys('see ./docs/patterns/PAT-003.md')).toEqual(['PAT-003:key']); // the file name is the key: found as the key first
    // a longer file name or another folder's file of the same name prefix is not the pattern's file
    expect(keys('docs/patterns/outbox.mdx and mydocs/patterns/outbox.md')).toEqual([]);
  });

  it('reports pattern-shaped keys not in the library, restricted to the prefixes', () => {
    // default prefixes = the library's (PAT): PAT-999 is unknown; JIRA-12 and ADR-7 are other prefixes; lowercase does not match the default regex
    expect(keys('PAT-999, JIRA-12, ADR-7, pat-998')).toEqual(['PAT-999:key:unknown']);
    expect(keys('PAT-999, ADR-7', { ...rules, patternPrefixes: ['ADR'] })).toEqual(['ADR-7:key:unknown']);
    expect(keyPrefix('PAT-012')).toBe('PAT');
    expect(keyPrefix('TEAM-X-1')).toBe('TEAM-X');
  });

  it('reports no unknown keys for an empty library without configured prefixes', () => {
    expect(citationMatcher([], rules)('PAT-001')).toEqual([]);
  });

  it('classifies a citation as retired when the PR merged at or after the retirement, by merge time', () => {
    // PAT-012 retired 2026-05-10: #1 merged 05-09 → active; #2 merged 05-11 → retired; #3 unmerged → current status (retired)
    const facts = extractCitations(
      'acme/pay',
      [
        { number: 1, title: 'Use PAT-012', body: null, mergedAt: new Date('2026-05-09T12:00:00Z') },
        { number: 2, title: 'x', body: 'Per docs/patterns/outbox.md and PAT-404', mergedAt: new Date('2026-05-11T12:00:00Z') },
        { number: 3, title: 'pat-012 again', body: '', mergedAt: null },
        { number: 4, title: 'nothing to cite', body: 'PAT-003-ish', mergedAt: new Date('2026-05-11T12:00:00Z') },
      ],
      library,
      rules,
    );
    expect(facts.map((f) => [f.number, f.patternKey, f.kind, f.via])).toEqual([
      [1, 'PAT-012', 'active', 'key'],
      [2, 'PAT-012', 'retired', 'path'],
      [2, 'PAT-404', 'unknown', 'key'],
      [3, 'PAT-012', 'retired', 'key'],
      [4, 'PAT-003', 'active', 'key'], // "PAT-003-ish": the hyphen ends the word
    ]);
  });

  it('treats a retired entry without a retirement time as retired for every PR', () => {
    const f = extractCitations('r', [{ number: 1, title: 'OLD-1', body: null, mergedAt: new Date('2020-01-01T00:00:00Z') }], [
      { key: 'OLD-1', status: 'retired', retiredAt: null, path: null },
    ], rules);
    expect(f[0]!.kind).toBe('retired');
  });
});
