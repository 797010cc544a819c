import type { ReviewCell, ReviewData, ReviewRow } from './review.model.js';
import { chartGeometry, niceMax } from './review.chart.js';
import { csvField, reviewCsv } from './review.csv.js';
import { formatDuration, formatPercent, formatTarget, formatValue, reportFileName } from './review.format.js';
import { metricLines, paginate, rollupLines } from './review.layout.js';
import { addMonths, monthTitle, previousMonth } from './review.month.js';
import { whatChanged } from './review.what-changed.js';
import { parseMonth, parseReportRequest } from './dto/report-request.dto.js';

const cell = (over: Partial<ReviewCell> & Pick<ReviewCell, 'metric' | 'unit'>): ReviewCell => ({
  available: true,
  value: null,
  sampleSize: 0,
  tier: null,
  target: null,
  previous: null,
  previousTier: null,
  threeMonthAvg: null,
  ...over,
});

const row = (scope: string, scopeName: string, kind: ReviewRow['kind'], cells: ReviewCell[]): ReviewRow => ({ scope, scopeName, kind, cells });

function review(rows: ReviewRow[]): ReviewData {
  return {
    orgName: 'Acme',
    month: '2026-10',
    scope: rows[0]!.scope,
    scopeName: rows[0]!.scopeName,
    timeZone: 'UTC',
    generatedAt: '2026-11-01T06:00:00.000Z',
    definitionsVersion: '2026.11',
    rows,
    trends: [],
    drift: { available: false, recoveryTime: null, caughtEarly: null, recoveryTrend: [], longest: [] },
    patterns: { citationRate: null, citationSample: 0, retired: [], freshnessS: null, freshnessStale: null, lastChangedAt: null },
    incidents: { rule: '', rows: [] },
  };
}

describe('review formatting for people', () => {
  it('formats durations, percentages and values with units', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(720)).toBe('12 min');
    expect(formatDuration(5.2 * 3600)).toBe('5.2 h');
    expect(formatDuration(2.4 * 86400)).toBe('2.4 days');
    expect(formatDuration(86400)).toBe('1 day');
    expect(formatDuration(12 * 86400)).toBe('12 days');
    expect(formatPercent(0.13)).toBe('13%');
    expect(formatPercent(0.045)).toBe('4.5%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatValue('count', 1204)).toBe('1,204');
    expect(formatValue('ratio', null)).toBe('–'); // empty sample: not zero
    expect(formatTarget('seconds', { op: '<', value: 172800, met: false })).toBe('< 2 days: missed');
    expect(formatTarget('ratio', { op: '>=', value: 0.5, met: true })).toBe('at least 50%: met');
  });

  it('names downloads after month and scope', () => {
    expect(reportFileName('2026-10', 'squad:payments-core', 'pdf')).toBe('bearing-review-2026-10-squad-payments-core.pdf');
    expect(reportFileName('2026-10', 'org', 'csv')).toBe('bearing-review-2026-10-org.csv');
    expect(reportFileName('2026-10', 'group:../../etc "x"', 'csv')).toBe('bearing-review-2026-10-group-etc-x.csv');
  });
});

describe('months', () => {
  it('does calendar arithmetic and takes the previous month in the org time zone', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-10', -5)).toBe('2026-05');
    // 2026-09-30 13:00 UTC is already 1 October 02:00 in Auckland (UTC+13): the review is September's
    expect(previousMonth(new Date('2026-09-30T13:00:00Z'), 'Pacific/Auckland')).toBe('2026-09');
    expect(previousMonth(new Date('2026-09-30T13:00:00Z'), 'UTC')).toBe('2026-08');
    expect(monthTitle('2026-10')).toBe('October 2026');
  });

  it('validates the request, naming the field', () => {
    expect(parseReportRequest({ month: '2026-10', scope: 'squad:a' })).toEqual({ month: '2026-10', scope: { kind: 'squad', key: 'a' } });
    expect(() => parseMonth('2026-00')).toThrow(/month: must be a month/);
    expect(() => parseReportRequest({ month: '2026-10', scope: 'everyone' })).toThrow(/^scope:/);
    expect(() => parseReportRequest(null)).toThrow(/^body:/);
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses formula injection in text, not in numbers', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-team')).toBe("'-team");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField(null)).toBe('');
    expect(csvField(false)).toBe('false');
  });

  it('writes one row per scope × computed metric with the raw numbers', () => {
    const r = review([
      row('org', 'Acme', 'org', [
        cell({ metric: 'lead_time_for_changes', unit: 'seconds', value: 93600, sampleSize: 12, previous: 86400, threeMonthAvg: 90000, tier: 'elite', target: { op: '<', value: 172800, met: true } }),
        cell({ metric: 'drift_recovery_time', unit: 'seconds', available: false }),
      ]),
      row('squad:a', '=cmd', 'squad', [cell({ metric: 'lead_time_for_changes', unit: 'seconds' })]),
    ]);
    expect(reviewCsv(r).split('\r\n')).toEqual([
      'scope,scope_name,month,metric,value,unit,sample_size,previous_month,three_month_avg,tier,target_op,target_value,target_met',
      'org,Acme,2026-10,lead_time_for_changes,93600,seconds,12,86400,90000,elite,<,172800,true',
      "squad:a,'=cmd,2026-10,lead_time_for_changes,,seconds,0,,,,,,",
      '',
    ]);
  });
});

describe('what changed', () => {
  it('lists targets newly missed first, then tier changes, then the biggest movements', () => {
    const notes = whatChanged([
      row('org', 'Acme', 'org', [
        // lead time 1 day → 3 days (+200%): misses "< 2 days" that it met in September
        cell({ metric: 'lead_time_for_changes', unit: 'seconds', value: 3 * 86400, previous: 86400, target: { op: '<', value: 172800, met: false }, tier: 'high', previousTier: 'elite' }),
        // deployments 10 → 12 (+20%): better
        cell({ metric: 'deployment_frequency', unit: 'count', value: 12, previous: 10 }),
        // CFR 10% → 11%: a 1-point change on a 10% base is +10%, below the 20% threshold
        cell({ metric: 'change_failure_rate', unit: 'ratio', value: 0.11, previous: 0.1 }),
        cell({ metric: 'drift_recovery_time', unit: 'seconds', available: false }),
      ]),
    ]);
    expect(notes.map((n) => n.kind)).toEqual(['target_missed', 'tier_change', 'movement', 'movement']);
    expect(notes[0]!.text).toBe('Lead time for changes (Acme) missed its target (< 2 days) after meeting it the month before: 3 days.');
    expect(notes[1]!.text).toBe('Lead time for changes (Acme) dropped from Elite to High.');
    expect(notes[2]!.text).toBe('Lead time for changes (Acme) rose from 1 day to 3 days (+200%, worse).');
    expect(notes[3]!.text).toBe('Deployment frequency (Acme) rose from 10 to 12 (+20%, better).');
  });

  it('says nothing when nothing moved, and ignores empty samples', () => {
    expect(whatChanged([row('org', 'Acme', 'org', [cell({ metric: 'time_to_restore', unit: 'seconds', value: 3600, previous: 3600 }), cell({ metric: 'lead_time_for_changes', unit: 'seconds', value: null, previous: 100 })])])).toEqual([]);
  });
});

describe('summary table layout', () => {
  it('shows the roll-up, then groups, then squads, alphabetically; unavailable metrics say so', () => {
    const m = (value: number | null) => [cell({ metric: 'change_failure_rate', unit: 'ratio', value, previous: 0.2, threeMonthAvg: 0.15, tier: value === null ? null : 'high', target: null })];
    const r = review([row('org', 'Acme', 'org', m(0.1)), row('squad:z', 'Zeta', 'squad', m(null)), row('group:p', 'Payments', 'group', m(0.05)), row('squad:a', 'Alpha', 'squad', m(0.1))]);
    expect(metricLines(r, 'change_failure_rate')).toEqual([
      ['Acme (all)', '10%', '20%', '15%', 'High', '–'],
      ['Payments (group)', '5%', '20%', '15%', 'High', '–'],
      ['Alpha', '10%', '20%', '15%', 'High', '–'],
      ['Zeta', '–', '20%', '15%', '–', '–'],
    ]);
    expect(metricLines(r, 'drift_recovery_time')[0]).toEqual(['Acme (all)', 'not available', '', '', '', '']);
    expect(rollupLines(r)).toEqual([['Change failure rate', '10%', '20%', '15%', 'High', '–']]);
    expect(paginate([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('chart geometry', () => {
  it('scales a series into the box with a nice maximum and breaks lines at empty buckets', () => {
    expect(niceMax(7)).toBe(10);
    expect(niceMax(0.13)).toBe(0.2);
    expect(niceMax(230)).toBe(250);
    expect(niceMax(0)).toBe(1);
    const g = chartGeometry(
      [
        { start: '2026-09-28', value: 5 },
        { start: '2026-10-05', value: 10 },
        { start: '2026-10-12', value: null },
        { start: '2026-10-19', value: 0 },
        { start: '2026-10-26', value: 2.5 },
      ],
      { x: 100, y: 50, width: 400, height: 100 },
    );
    // yMax 10: value 5 → halfway (y 100), 10 → top (y 50), 0 → bottom (y 150); x every 100
    expect(g.yMax).toBe(10);
    expect(g.segments).toEqual([
      [{ x: 100, y: 100 }, { x: 200, y: 50 }],
      [{ x: 400, y: 150 }, { x: 500, y: 125 }],
    ]);
    expect(g.dots).toHaveLength(4);
    expect(g.yTicks.map((t) => [t.value, t.y])).toEqual([[0, 150], [2.5, 125], [5, 100], [7.5, 75], [10, 50]]);
    expect(g.xTicks).toEqual([{ x: 100, label: 'Sep 26' }, { x: 200, label: 'Oct 26' }]);
  });
});
