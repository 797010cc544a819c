import type { GroupSummary, MetricsResponse, MetricValue, SquadSummary } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { toCsv } from '../../lib/csv';
import {
  flattenHealthTable,
  healthCsvColumns,
  healthLayout,
  layoutScopes,
  nextSort,
  parseSort,
  sortHealthTable,
  toHealthTable,
  type ScopeMetrics,
} from './healthTable';

const squad = (key: string, name: string, group: string | null): SquadSummary => ({
  key,
  name,
  group,
  repositories: [],
  services: [],
  people: 3,
});
const squads = [
  squad('pay-core', 'Payments Core', 'payments'),
  squad('pay-fraud', 'Payments Fraud', 'payments'),
  squad('growth-a', 'Growth A', 'growth'),
  squad('lonely', 'Lonely', null),
];
const groups: GroupSummary[] = [
  { key: 'payments', name: 'Payments', parent: null, squads: ['pay-core', 'pay-fraud'] },
  { key: 'growth', name: 'Growth', parent: null, squads: ['growth-a'] },
];

function metric(value: number | null, extra: Partial<MetricValue> = {}): MetricValue {
  return { value, unit: 'seconds', sampleSize: value === null ? 0 : 10, series: [], ...extra };
}

function response(scope: string, leadTime: number | null, perWeek: number | null = null): MetricsResponse {
  return {
    scope,
    from: '2026-10-01',
    to: '2026-11-01',
    interval: 'week',
    timeZone: 'UTC',
    metrics: {
      lead_time_for_changes: metric(leadTime, {
        tier: leadTime === null ? null : 'high',
        tierEdges: { elite: '< 1 day', high: '< 1 week', medium: '< 30 days', low: '≥ 30 days' },
        target: { op: '<', value: 86_400, met: leadTime === null ? null : leadTime < 86_400 },
      }),
      deployment_frequency: metric(perWeek === null ? 0 : perWeek * 4, { unit: 'count', perWeek }),
    },
  };
}

describe('healthLayout', () => {
  it('at org scope: each group with its squads, ungrouped squads last, and an org total', () => {
    const layout = healthLayout('org', squads, groups, 'Acme');
    expect(layout.sections.map((s) => [s.group?.key ?? null, s.squads.map((q) => q.key)])).toEqual([
      ['growth', ['growth-a']], // groups by name
      ['payments', ['pay-core', 'pay-fraud']],
      [null, ['lonely']],
    ]);
    expect(layout.total).toEqual({ name: 'Acme' });
    // one metrics request per row: roll-ups, squads and the org
    expect(layoutScopes(layout)).toEqual([
      'group:growth',
      'squad:growth-a',
      'group:payments',
      'squad:pay-core',
      'squad:pay-fraud',
      'squad:lonely',
      'org',
    ]);
  });

  it('at group scope: that group (and its sub-groups) without an org total', () => {
    const nested = [...groups, { key: 'pay-risk', name: 'Risk', parent: 'payments', squads: ['pay-fraud'] }];
    const layout = healthLayout('group:payments', squads, nested, 'Acme');
    expect(layout.sections.map((s) => [s.group?.key, s.group?.depth, s.squads.map((q) => q.key)])).toEqual([
      ['payments', 0, ['pay-core', 'pay-fraud']],
      ['pay-risk', 1, []], // pay-fraud is already listed under its own group
    ]);
    expect(layout.total).toBeNull();
  });

  it('at squad scope: that squad alone', () => {
    const layout = healthLayout('squad:pay-core', squads, groups, 'Acme');
    expect(layoutScopes(layout)).toEqual(['squad:pay-core']);
  });
});

describe('toHealthTable', () => {
  const data = new Map<string, ScopeMetrics>([
    ['group:payments', { current: response('group:payments', 90_000, 20), previous: response('group:payments', 80_000, 18), previousKnown: true }],
    ['squad:pay-core', { current: response('squad:pay-core', 50_000, 12), previous: response('squad:pay-core', 60_000, 10), previousKnown: true }],
    ['squad:pay-fraud', { current: response('squad:pay-fraud', null), previous: response('squad:pay-fraud', 70_000), previousKnown: true }],
  ]);
  const layout = healthLayout('group:payments', squads, groups, 'Acme');
  const table = toHealthTable(layout, (scope) => data.get(scope));

  it('reads each row from its own scope’s response, group values included (never averaged)', () => {
    const [section] = table.sections;
    expect(section.rollup?.name).toBe('Payments');
    // the group's own median, not the mean of 50 000 and null
    expect(section.rollup?.cells.lead_time_for_changes.value).toBe(90_000);
    expect(section.rollup?.cells.deployment_frequency.value).toBe(20); // per week
  });

  it('computes the change against the previous period with its verdict', () => {
    const core = table.sections[0].squads.find((r) => r.key === 'pay-core')!;
    expect(core.cells.lead_time_for_changes).toMatchObject({
      value: 50_000,
      previous: 60_000,
      delta: { change: -10_000, verdict: 'better' }, // shorter lead time
      tier: 'high',
      target: { met: true },
    });
    expect(core.cells.deployment_frequency.delta).toMatchObject({ change: 2, verdict: 'better' }); // 12 − 10 per week
  });

  it('keeps "no data" as null, with no delta', () => {
    const fraud = table.sections[0].squads.find((r) => r.key === 'pay-fraud')!;
    expect(fraud.cells.lead_time_for_changes).toMatchObject({ value: null, sampleSize: 0, delta: { change: null, verdict: null } });
  });

  it('has no delta until the previous period has answered', () => {
    const pending = toHealthTable(layout, (scope) => ({ ...data.get(scope), previousKnown: false }));
    expect(pending.sections[0].squads[0].cells.lead_time_for_changes.delta.change).toBeNull();
  });

  it('sorts squads within their group, rows without data last either way', () => {
    const names = (sort: string) =>
      sortHealthTable(table, parseSort(sort)).sections[0].squads.map((r) => r.key);
    expect(names('lead_time_for_changes:asc')).toEqual(['pay-core', 'pay-fraud']);
    expect(names('lead_time_for_changes:desc')).toEqual(['pay-core', 'pay-fraud']); // null stays last
    expect(names('name:desc')).toEqual(['pay-fraud', 'pay-core']);
  });

  it('exports every row with raw numbers and both periods', () => {
    const rows = flattenHealthTable(table);
    expect(rows.map((r) => r.scope)).toEqual(['group:payments', 'squad:pay-core', 'squad:pay-fraud']);
    const csv = toCsv(
      healthCsvColumns({ from: '2026-10-01', to: '2026-11-01' }, { from: '2026-09-01', to: '2026-10-01' }),
      rows,
    );
    const [header, , core] = csv.trim().split('\r\n');
    expect(header).toContain('lead_time_median_s,lead_time_median_s_previous,lead_time_median_s_change');
    expect(core).toMatch(/^squad,squad:pay-core,Payments Core,2026-10-01,2026-11-01,2026-09-01,2026-10-01,12,10,2,better,/);
    expect(core).toContain(',50000,60000,-10000,better,10,high,< 86400,true,');
  });
});

describe('sort state', () => {
  it('parses the URL value and flips on a second click', () => {
    expect(parseSort('lead_time_for_changes:desc')).toEqual({ key: 'lead_time_for_changes', dir: 'desc' });
    expect(parseSort('bogus:asc')).toEqual({ key: 'name', dir: 'asc' });
    expect(nextSort({ key: 'name', dir: 'asc' }, 'change_failure_rate')).toEqual({ key: 'change_failure_rate', dir: 'asc' });
    expect(nextSort({ key: 'change_failure_rate', dir: 'asc' }, 'change_failure_rate')).toEqual({
      key: 'change_failure_rate',
      dir: 'desc',
    });
  });
});
