import type { MetricsResponse, MetricValue } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { toCsv } from '../../lib/csv';
import { reviewCsvColumns, toLeadShareBars, toReviewRows, toSplitRows } from './reviewConcentration';

function metric(value: number | null, extra: Partial<MetricValue> = {}): MetricValue {
  return { value, unit: 'seconds', sampleSize: value === null ? 0 : 10, series: [], ...extra };
}

function response(scope: string, top: number | null, lead: number | null, reviews = 40): MetricsResponse {
  return {
    scope: scope as MetricsResponse['scope'],
    from: '2026-08-01',
    to: '2026-11-01',
    interval: 'week',
    timeZone: 'UTC',
    metrics: {
      review_concentration: metric(top, { unit: 'ratio', sampleSize: reviews, practice_lead_review_share: lead }),
      review_pickup_time: metric(3600, {
        split: { agent: { value: 7200, p90: 9000, sampleSize: 3 }, human: { value: 1800, p90: 2000, sampleSize: 7 } },
      }),
      lead_time_for_changes: metric(86400, {
        split: { agent: { value: 43200, p90: null, sampleSize: 2 }, human: { value: 86400, p90: null, sampleSize: 8 } },
      }),
    },
  };
}

const squads = [
  { key: 'b', name: 'Beta' },
  { key: 'a', name: 'Alpha' },
  { key: 'c', name: 'Gamma' },
];

describe('toReviewRows', () => {
  const responses = new Map([
    ['squad:a', response('squad:a', 0.5, 0.25)],
    ['squad:b', response('squad:b', 0.3, null, 0)],
  ] as const);
  const rows = toReviewRows(squads, responses, { name: 'Acme', response: response('org', 0.1, 0.12) });

  it('sorts squads by name and reads the shares and splits', () => {
    expect(rows.squads.map((r) => r.name)).toEqual(['Alpha', 'Beta', 'Gamma']);
    const alpha = rows.squads[0]!;
    expect(alpha.scope).toBe('squad:a');
    expect(alpha.topReviewerShare).toBe(0.5);
    expect(alpha.practiceLeadShare).toBe(0.25);
    expect(alpha.reviews).toBe(40);
    expect(alpha.pickup?.value).toBe(3600);
    expect(alpha.pickupAgent?.value).toBe(7200);
    expect(alpha.leadHuman?.value).toBe(86400);
  });

  it('keeps the org row from its own answer, not an average of the squads', () => {
    expect(rows.org?.kind).toBe('org');
    expect(rows.org?.topReviewerShare).toBe(0.1);
    expect(rows.org?.practiceLeadShare).toBe(0.12);
  });

  it('reads a squad without an answer as unknown', () => {
    const gamma = rows.squads[2]!;
    expect(gamma.topReviewerShare).toBeNull();
    expect(gamma.reviews).toBe(0);
    expect(gamma.pickup).toBeNull();
    expect(gamma.leadAgent).toBeNull();
  });

  it('bars only squads with reviews and a known practice-lead share', () => {
    expect(toLeadShareBars([...rows.squads, rows.org!])).toEqual([
      { scope: 'squad:a', label: 'Alpha', share: 0.25, reviews: 40 },
    ]);
  });

  it('compares agent and human medians with their ratio', () => {
    const [alpha, , gamma] = toSplitRows(rows.squads);
    expect(alpha).toMatchObject({ leadAgent: 43200, leadHuman: 86400, leadRatio: 0.5, pickupAgent: 7200, pickupHuman: 1800 });
    expect(gamma?.leadRatio).toBeNull();
  });

  it('exports raw numbers to CSV', () => {
    const csv = toCsv(reviewCsvColumns, [rows.squads[0]!]);
    expect(csv.split('\r\n')[1]).toBe('squad:a,Alpha,40,0.5,0.25,3600,7200,1800,43200,86400');
  });
});
