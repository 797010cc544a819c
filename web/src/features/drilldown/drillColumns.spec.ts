import { describe, expect, it } from '@jest/globals';
import { toCsv } from '../../lib/csv';
import {
  attributionDetail,
  commitUrl,
  drillColumnsFor,
  drillCsvColumns,
  pullRequestUrl,
  ruleText,
  visibleColumns,
} from './drillColumns';

const ctx = {
  timeZone: 'UTC',
  repoUrl: (repo: string) => (repo === 'acme/payments-web' ? 'https://github.com/acme/payments-web' : null),
};

const leadTimeRow = {
  change: { repo: 'acme/payments-web', key: 'pr:537', pr: 537, author: 'agent-claude-1', agent: true },
  deploymentId: 'dep-payments-web-252',
  deployedAt: '2026-11-23T17:29:09.000Z',
  leadTimeS: 9_929,
  stages: { codingS: 900, pickupS: 4_804, reviewS: 2_665, deployS: 1_560 },
  rule: 'git-ancestry',
};

const incidentRow = {
  incident: {
    id: 'inc-payments-api-5',
    title: 'Timeouts calling Payments API',
    service: 'payments-api',
    squad: null,
    severity: 'SEV3',
    openedAt: '2026-11-03T22:14:27.000Z',
    resolvedAt: '2026-11-03T22:27:01.000Z',
  },
  attributedTo: 'dep-payments-api-219',
  rule: 'heuristic-window',
  attributionRule: 'heuristic-window',
  detail: { gapS: 45_140, windowS: 86_400 },
};

describe('drill-down columns', () => {
  it('shows a lead-time change with a link to its PR, the agent mark, durations and rule', () => {
    const columns = drillColumnsFor('lead_time_for_changes', ctx)!;
    const cells = Object.fromEntries(columns.map((c) => [c.header, c.cell(leadTimeRow)]));
    expect(cells['Deployed']).toEqual({ text: '23 Nov 2026, 17:29', title: '2026-11-23T17:29:09.000Z' });
    expect(cells['Change']).toEqual({
      text: 'acme/payments-web#537',
      href: 'https://github.com/acme/payments-web/pull/537',
      tag: 'agent',
    });
    expect(cells['Lead time'].text).toBe('2 h 45 m'); // 9929 s
    expect(cells['Pickup'].text).toBe('1 h 20 m'); // 4804 s
    expect(cells['Rule']).toEqual({ text: 'In git history since the previous deployment', title: 'git-ancestry' });
  });

  it('shows why an incident was attributed (or not)', () => {
    const columns = drillColumnsFor('incident_count', ctx)!;
    const cells = Object.fromEntries(visibleColumns(columns).map((c) => [c.header, c.cell(incidentRow)]));
    expect(cells['Attributed to']).toEqual({ text: 'dep-payments-api-219', code: true });
    expect(cells['Attribution rule'].text).toBe('Heuristic: last deployment within the window');
    expect(cells['Why'].text).toBe('opened 12 h 32 m after the deployment (window 1 d)'); // 45140 s
    expect(attributionDetail({ detail: { reason: 'no service' } })).toBe('no service');
  });

  it('exports raw values to CSV, the incident title included', () => {
    const csv = toCsv(drillCsvColumns(drillColumnsFor('incident_count', ctx)!), [incidentRow]);
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toBe('opened,incident,title,severity,service,resolved,attributed_to,attribution_rule,why');
    expect(row).toBe(
      '2026-11-03T22:14:27.000Z,inc-payments-api-5,Timeouts calling Payments API,SEV3,payments-api,2026-11-03T22:27:01.000Z,dep-payments-api-219,heuristic-window,opened 12 h 32 m after the deployment (window 1 d)',
    );
  });

  it('falls back to generic columns for metrics without chosen ones', () => {
    expect(drillColumnsFor('pattern_citation_rate', ctx)).toBeNull();
  });
});

describe('links and rules', () => {
  it('links to GitHub pages only, and only for real SHAs', () => {
    expect(pullRequestUrl('https://github.com/acme/x/', 12)).toBe('https://github.com/acme/x/pull/12');
    expect(pullRequestUrl('https://gitlab.com/acme/x', 12)).toBeNull();
    expect(pullRequestUrl('javascript:alert(1)//github.com', 12)).toBeNull();
    expect(commitUrl('https://github.com/acme/x', 'abc1234')).toBe('https://github.com/acme/x/commit/abc1234');
    expect(commitUrl('https://github.com/acme/x', '../../evil')).toBeNull();
  });

  it('reads rule keys, several joined by +', () => {
    expect(ruleText('rollback+hotfix-label')).toBe('Rollback; Ships a hotfix-labelled PR');
    expect(ruleText('some-new-rule')).toBe('Some new rule');
    expect(ruleText(null)).toBe('—');
  });
});
