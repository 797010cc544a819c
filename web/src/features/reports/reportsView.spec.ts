import { describe, expect, it } from '@jest/globals';
import type { GroupSummary, ReportView, SquadSummary } from '@bearing/shared';
import { formatBytes, groupByMonth, monthLabel, reportStatusLabel, reviewMonths, reviewScopeOptions } from './reportsView';

const squad = (key: string, name: string, group: string | null): SquadSummary => ({ key, name, group, repositories: [], services: [], people: 0 });
const SQUADS = [squad('pay', 'Payments Core', 'money'), squad('risk', 'Risk', 'money'), squad('infra', 'Infra', 'platform')];
const GROUPS: GroupSummary[] = [
  { key: 'platform', name: 'Platform', parent: null, squads: ['infra'] },
  { key: 'money', name: 'Money', parent: null, squads: ['pay', 'risk'] },
];

const report = (month: string, scope: string): ReportView => ({
  id: `${month}-${scope}`,
  month,
  scope,
  scopeName: scope,
  status: 'ready',
  trigger: 'manual',
  generatedAt: null,
  error: null,
  pdfBytes: 1,
  csvBytes: 1,
  definitionsVersion: '1',
});

describe('reviewScopeOptions', () => {
  it('offers the org, groups and squads to an org-wide caller', () => {
    expect(reviewScopeOptions(SQUADS, GROUPS, ['org'], 'Acme').map((o) => o.value)).toEqual([
      'org',
      'group:money',
      'group:platform',
      'squad:infra',
      'squad:pay',
      'squad:risk',
    ]);
    expect(reviewScopeOptions(SQUADS, GROUPS, ['org'], 'Acme')[0]).toEqual({ value: 'org', label: 'Acme' });
  });

  it('offers a squad lead only their squads (the server lists only those)', () => {
    const mine = [SQUADS[0]!];
    // /groups still lists the group around the squad, which the lead may not read as a whole
    expect(reviewScopeOptions(mine, [{ ...GROUPS[1]!, squads: ['pay'] }], ['squad:pay']).map((o) => o.value)).toEqual(['squad:pay']);
  });
});

describe('months and labels', () => {
  it('lists complete months before today, newest first, across a year end', () => {
    expect(reviewMonths('2026-02-15', 3)).toEqual(['2026-01', '2025-12', '2025-11']);
    expect(monthLabel('2026-10')).toBe('October 2026');
  });

  it('formats sizes and statuses', () => {
    expect(formatBytes(null)).toBe('–');
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(12_800)).toBe('13 kB');
    expect(formatBytes(1_468_006)).toBe('1.4 MB');
    expect(reportStatusLabel('failed')).toBe('Failed');
  });

  it('groups reviews by month, newest first', () => {
    const groups = groupByMonth([report('2026-09', 'org'), report('2026-10', 'org'), report('2026-10', 'squad:pay')]);
    expect(groups.map((g) => [g.month, g.rows.map((r) => r.scope)])).toEqual([
      ['2026-10', ['org', 'squad:pay']],
      ['2026-09', ['org']],
    ]);
  });
});
