import type { Period } from '../period.js';
import { type CitingPrRow, type LibraryChange, citationRule, freshnessAt, patternCitationRate, patternLibraryFreshness, retiredPatternCitations } from './patterns.js';

/** Pattern metric functions (metrics.md, "Patterns"). Org zone UTC, two ISO weeks. */
const p: Period = { from: '2026-05-04', to: '2026-05-18', interval: 'week', timeZone: 'UTC' };

const pr = (number: number, mergedAt: string, citations: CitingPrRow['citations'], r: Partial<CitingPrRow> = {}): CitingPrRow => ({
  repo: 'acme/pay',
  number,
  title: `PR ${number}`,
  author: 'ana',
  agent: false,
  bot: false,
  mergedAt,
  localDate: mergedAt.slice(0, 10),
  citations,
  ...r,
});
const active = (key: string) => ({ key, kind: 'active' as const, via: 'key' as const });
const retired = (key: string) => ({ key, kind: 'retired' as const, via: 'key' as const });
const unknown = (key: string) => ({ key, kind: 'unknown' as const, via: 'key' as const });

const prs: CitingPrRow[] = [
  pr(1, '2026-05-04T10:00:00Z', [active('PAT-1')]), // week 1, cites active
  pr(2, '2026-05-05T10:00:00Z', [retired('PAT-2')]), // week 1, retired only
  pr(3, '2026-05-06T10:00:00Z', [active('PAT-1')], { agent: true }), // week 1, agent, cites active
  pr(4, '2026-05-12T10:00:00Z', [unknown('PAT-9')], { agent: true }), // week 2, agent, unknown key only
  pr(5, '2026-05-13T10:00:00Z', []), // week 2, no citation
  pr(6, '2026-05-13T11:00:00Z', [active('PAT-1')], { bot: true, author: 'renovate[bot]' }), // bot: left out of the rate
  pr(7, '2026-05-14T10:00:00Z', [active('PAT-1'), retired('PAT-2')]), // week 2, both
  pr(8, '2026-05-18T10:00:00Z', [active('PAT-1')]), // merged on `to`: outside
];

describe('pattern_citation_rate', () => {
  it('is the share of merged non-bot PRs citing an active pattern, split agent/human', () => {
    // counted: #1 #2 #3 #4 #5 #7 (bot #6 and #8 outside left out) = 6; citing active: #1 #3 #7 = 3 → 3/6 = 0.5
    // week 05-04: #1 #2 #3 → 2/3; week 05-11: #4 #5 #7 → 1/3
    // agent: #3 #4 → 1/2; human: #1 #2 #5 #7 → 2/4 = 0.5
    const m = patternCitationRate(prs, p);
    expect(m).toMatchObject({ value: 0.5, sampleSize: 6, unit: 'ratio', citing: 3 });
    expect(m.series.map((s) => [s.start, s.value, s.sampleSize])).toEqual([
      ['2026-05-04', 2 / 3, 3],
      ['2026-05-11', 1 / 3, 3],
    ]);
    expect(m.split).toEqual({ agent: { value: 0.5, sampleSize: 2 }, human: { value: 0.5, sampleSize: 4 } });
  });

  it('is null, never 0, when no PR was merged (and for an empty split)', () => {
    const m = patternCitationRate([pr(6, '2026-05-13T11:00:00Z', [], { bot: true })], p);
    expect(m).toMatchObject({ value: null, sampleSize: 0 });
    expect(m.split).toEqual({ agent: { value: null, sampleSize: 0 }, human: { value: null, sampleSize: 0 } });
    expect(m.series.every((s) => s.value === null)).toBe(true);
  });

  it('names the rule of each PR', () => {
    expect(prs.map(citationRule)).toEqual([
      'cites-active-pattern',
      'cites-retired-only',
      'cites-active-pattern',
      'unknown-key',
      'no-citation',
      'excluded-bot-pr',
      'cites-active-pattern',
      'cites-active-pattern',
    ]);
  });
});

describe('retired_pattern_citations', () => {
  it('counts merged PRs citing a retired pattern (the migration list)', () => {
    // #2 (week 1) and #7 (week 2), both human → 2
    const m = retiredPatternCitations(prs, p);
    expect(m).toMatchObject({ value: 2, sampleSize: 2, unit: 'count' });
    expect(m.series.map((s) => s.value)).toEqual([1, 1]);
    expect(m.split).toEqual({ agent: { value: 0 }, human: { value: 2 } });
  });

  it('is a count: 0 when nothing cites a retired pattern', () => {
    expect(retiredPatternCitations([pr(1, '2026-05-04T10:00:00Z', [active('PAT-1')])], p)).toMatchObject({ value: 0, sampleSize: 0 });
  });
});

describe('pattern_library_freshness', () => {
  const changes: LibraryChange[] = [
    { key: 'PAT-1', at: '2026-04-01T00:00:00Z', action: 'created' },
    { key: 'PAT-2', at: '2026-04-20T00:00:00Z', action: 'created' },
    { key: 'PAT-2', at: '2026-05-08T00:00:00Z', action: 'retired' },
    { key: 'PAT-3', at: '2026-06-01T00:00:00Z', action: 'created' }, // after the period: not seen from its end
  ];
  const ends = {
    periodEnd: '2026-05-18T00:00:00.000Z',
    bucketEnds: [
      { start: '2026-05-04', end: '2026-05-11T00:00:00.000Z' },
      { start: '2026-05-11', end: '2026-05-18T00:00:00.000Z' },
    ],
  };

  it('is the time since the last change at the period end, stale beyond the increment', () => {
    // last change ≤ 05-18: 05-08 retirement → 10 days = 864 000 s > 14 days? no → fresh (increment 14 d = 1 209 600 s)
    // week 1 ends 05-11: 3 days = 259 200 s; week 2 ends 05-18: 864 000 s
    const m = patternLibraryFreshness(changes, ends, '2026-11-01T00:00:00Z', 14);
    expect(m).toMatchObject({ value: 864_000, unit: 'seconds', sampleSize: 2, stale: false, lastChangedAt: '2026-05-08T00:00:00.000Z' });
    expect(m.series.map((s) => s.value)).toEqual([259_200, 864_000]);
    // with a 7-day increment: 10 days > 7 days → stale
    expect(patternLibraryFreshness(changes, ends, '2026-11-01T00:00:00Z', 7).stale).toBe(true);
  });

  it('measures at now when the period has not ended', () => {
    // now 05-09T12:00 → 1.5 days after the 05-08 retirement = 129 600 s
    expect(patternLibraryFreshness(changes, ends, '2026-05-09T12:00:00Z', 14).value).toBe(129_600);
  });

  it('is null (no library yet), with stale null, before the first entry', () => {
    expect(freshnessAt(changes, '2026-03-01T00:00:00Z')).toEqual({ seconds: null, lastChangedAt: null, entries: 0 });
    expect(patternLibraryFreshness([], ends, '2026-11-01T00:00:00Z', 14)).toMatchObject({ value: null, stale: null, sampleSize: 0 });
  });
});
