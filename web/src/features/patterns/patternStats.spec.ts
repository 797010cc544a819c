import type { MetricsResponse, PatternLibraryFreshness, PatternWithCitations } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { freshnessText, toCitationTrend, toCitedPatterns, toUncitedPrs } from './patternStats';

const pattern = (key: string, citations: number, p: Partial<PatternWithCitations> = {}): PatternWithCitations => ({
  key,
  title: `Title of ${key}`,
  status: 'active',
  createdAt: '2026-01-05T10:00:00Z',
  updatedAt: null,
  retiredAt: null,
  replacedBy: null,
  migrationNote: null,
  path: `docs/patterns/${key}.md`,
  citations,
  retiredCitations: 0,
  ...p,
});

const library: PatternWithCitations[] = [
  pattern('PAT-001', 12),
  pattern('PAT-002', 0),
  pattern('PAT-003', 4),
  pattern('PAT-004', 9, { status: 'retired', retiredAt: '2026-06-01T00:00:00Z', replacedBy: 'PAT-007', retiredCitations: 3 }),
  pattern('PAT-005', 1),
  pattern('PAT-006', 4),
  pattern('PAT-007', 0),
];

describe('toCitedPatterns', () => {
  it('ranks the most cited (any status) and the least cited active ones, uncited first', () => {
    const { most, least } = toCitedPatterns(library, 3);
    // 12 > 9 > 4 (PAT-003 and PAT-006 tie on 4: key order)
    expect(most.map((p) => [p.key, p.citations])).toEqual([
      ['PAT-001', 12],
      ['PAT-004', 9],
      ['PAT-003', 4],
    ]);
    expect(most[1]).toMatchObject({ status: 'retired', replacedBy: 'PAT-007', retiredCitations: 3 });
    // active, not already in "most": 0 (PAT-002), 0 (PAT-007), 1 (PAT-005)
    expect(least.map((p) => [p.key, p.citations])).toEqual([
      ['PAT-002', 0],
      ['PAT-007', 0],
      ['PAT-005', 1],
    ]);
  });

  it('lets a small library appear in both lists', () => {
    const { most, least } = toCitedPatterns([pattern('A', 2), pattern('B', 1)], 5);
    expect(most.map((p) => p.key)).toEqual(['A', 'B']);
    expect(least.map((p) => p.key)).toEqual(['B', 'A']);
  });

  it('has no "most cited" when nothing was cited', () => {
    expect(toCitedPatterns([pattern('A', 0)]).most).toEqual([]);
  });
});

describe('toCitationTrend', () => {
  const response = (values: Array<number | null>): MetricsResponse => ({
    scope: 'squad:x',
    from: '2026-11-02',
    to: '2026-11-16',
    interval: 'week',
    timeZone: 'UTC',
    metrics: {
      pattern_citation_rate: {
        value: 0.5,
        unit: 'ratio',
        sampleSize: 10,
        series: values.map((value, i) => ({ start: i === 0 ? '2026-11-02' : '2026-11-09', value, sampleSize: value === null ? 0 : 5 })),
      },
    },
  });
  it('draws one line per squad with merged PRs; a squad with none has no line', () => {
    const trend = toCitationTrend(
      [
        { key: 'b', name: 'Beta' },
        { key: 'a', name: 'Alpha' },
        { key: 'c', name: 'Gamma' },
      ],
      new Map([
        ['squad:a', response([0.4, 0.6])],
        ['squad:b', response([null, 0.2])],
        ['squad:c', response([null, null])],
      ]),
    );
    expect(trend.lines.map((l) => l.label)).toEqual(['Alpha', 'Beta']);
    expect(trend.rows).toEqual([
      { start: '2026-11-02', s0: 0.4, s1: null },
      { start: '2026-11-09', s0: 0.6, s1: 0.2 },
    ]);
  });
});

describe('freshnessText', () => {
  const f = (x: Partial<PatternLibraryFreshness>): PatternLibraryFreshness => ({
    seconds: 3 * 86400 + 4 * 3600,
    lastChangedAt: '2026-11-12T08:00:00Z',
    stale: false,
    incrementDays: 14,
    ...x,
  });
  it('reads age and staleness', () => {
    expect(freshnessText(f({}))).toMatch(/^Last changed 3 d 4 h .*fresh \(changed within 14 days\)/);
    expect(freshnessText(f({ stale: true, seconds: 20 * 86400 }))).toMatch(/stale \(no change within 14 days\)/);
    expect(freshnessText(f({ seconds: null, lastChangedAt: null, stale: null }))).toMatch(/^The library is empty/);
  });
});

describe('toUncitedPrs', () => {
  const row = (number: number, mergedAt: string, citations: Array<{ key: string; kind: 'active' | 'retired' | 'unknown'; via: 'key' | 'path' }>, bot = false) => ({
    pullRequest: { repo: 'acme/payments-api', number, title: `PR ${number}`, author: bot ? 'dependabot[bot]' : 'ana', agent: number % 2 === 0, bot, mergedAt },
    citations,
    rule: citations.length ? 'cites-active-pattern' : bot ? 'excluded-bot-pr' : 'no-citation',
  });
  it('keeps merged PRs citing nothing, human or agent, newest first; bots and citing PRs are out', () => {
    const prs = toUncitedPrs([
      {
        rows: [
          row(10, '2026-11-03T10:00:00Z', []),
          row(11, '2026-11-04T10:00:00Z', [{ key: 'PAT-001', kind: 'active', via: 'key' }]),
          row(12, '2026-11-05T10:00:00Z', []),
        ],
      },
      {
        rows: [
          row(13, '2026-11-06T10:00:00Z', [], true),
          // citing only an unknown key still counts as citing something: not in this list
          row(14, '2026-11-07T10:00:00Z', [{ key: 'PAT-999', kind: 'unknown', via: 'key' }]),
          { unexpected: 'shape' },
        ],
      },
    ]);
    expect(prs.map((p) => p.number)).toEqual([12, 10]);
    expect(prs[0]).toEqual({ repo: 'acme/payments-api', number: 12, title: 'PR 12', author: 'ana', agent: true, mergedAt: '2026-11-05T10:00:00Z' });
  });
});
