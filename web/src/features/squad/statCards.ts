import type { MetricValue } from '@bearing/shared';
import { formatDuration, formatNumber, formatPercent, plural } from '../../lib/format';
import type { KnownMetricKey } from '../metrics/metricDefs';

function num(metric: MetricValue | undefined, field: string): number | null {
  const value = metric?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The line under a stat card's number: the sample and the figures that explain it
 * ("5 of 230 deployments failed", "p90 2 d 23 h · 338 changes").
 */
export function statCardDetail(key: KnownMetricKey, metric: MetricValue | undefined): string {
  if (!metric) return 'No data';
  const n = typeof metric.sampleSize === 'number' ? metric.sampleSize : 0;
  const p90 = num(metric, 'p90');
  const withP90 = (sample: string) => (p90 === null ? sample : `p90 ${formatDuration(p90)} · ${sample}`);
  switch (key) {
    case 'deployment_frequency': {
      const count = num(metric, 'value') ?? 0;
      const days = num(metric, 'deploymentDays');
      return `${plural(count, 'deployment')}${days === null ? '' : ` on ${plural(days, 'day')}`}`;
    }
    case 'lead_time_for_changes':
      return withP90(plural(n, 'change'));
    case 'change_failure_rate': {
      const failed = num(metric, 'failed');
      return failed === null ? plural(n, 'deployment') : `${formatNumber(failed, 0)} of ${plural(n, 'deployment')} failed`;
    }
    case 'failed_deployment_recovery_time':
      return withP90(`${plural(n, 'failed deployment')} recovered`);
    case 'time_to_restore':
      return withP90(`${plural(n, 'incident')} resolved`);
    case 'deployment_rework_rate': {
      const rework = num(metric, 'rework');
      return rework === null ? plural(n, 'deployment') : `${formatNumber(rework, 0)} of ${plural(n, 'deployment')} unplanned`;
    }
    case 'review_pickup_time':
      return withP90(`${plural(n, 'PR')} reviewed`);
    case 'out_of_hours_commit_rate':
      return `of ${plural(n, 'human commit')}`;
    case 'on_call_load': {
      const share = num(metric, 'outOfHoursShare');
      const incidents = plural(n, 'incident');
      return share === null ? incidents : `${incidents}, ${formatPercent(share, 0)} opened out of hours`;
    }
    case 'incident_count': {
      const attributed = num(metric, 'attributed');
      const not = num(metric, 'notAttributed');
      return attributed === null || not === null
        ? plural(n, 'incident')
        : `${formatNumber(attributed, 0)} attributed to a deployment, ${formatNumber(not, 0)} not change-related`;
    }
    case 'review_concentration': {
      const lead = num(metric, 'practice_lead_review_share');
      return lead === null ? plural(n, 'review') : `${plural(n, 'review')}; practice leads did ${formatPercent(lead, 0)}`;
    }
    case 'drift_episodes':
      return plural(n, 'episode');
    case 'drift_recovery_time':
      return withP90(`${plural(n, 'episode')} recovered`);
    case 'drift_caught_early_rate':
    case 'drift_expensive_rate':
      return `of ${plural(n, 'recovered episode')}`;
    case 'pattern_citation_rate': {
      const citing = num(metric, 'citing');
      return citing === null ? `of ${plural(n, 'merged PR')}` : `${formatNumber(citing, 0)} of ${plural(n, 'merged PR')} cite a pattern`;
    }
    case 'retired_pattern_citations':
      return plural(n, 'merged PR');
    case 'pattern_library_freshness':
      return metric.stale === true ? 'stale' : metric.stale === false ? 'fresh' : 'No data';
  }
}

/** Incidents by severity, most first: "SEV2 1 · SEV3 5". */
export function severityBreakdown(metric: MetricValue | undefined): Array<{ severity: string; count: number }> {
  const by = metric?.bySeverity;
  if (typeof by !== 'object' || by === null) return [];
  return Object.entries(by as Record<string, unknown>)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([severity, count]) => ({ severity, count }))
    .sort((a, b) => a.severity.localeCompare(b.severity));
}

/** "Mon–Fri 09:00–18:00" from the org's working hours (days 0 = Sunday). */
export function workingHoursText(hours: { start: number; end: number; days: number[] } | undefined): string {
  if (!hours) return 'working hours';
  const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const days = [...hours.days].sort((a, b) => a - b);
  const consecutive = days.every((d, i) => i === 0 || d === days[i - 1] + 1);
  const dayText =
    days.length === 0
      ? 'no days'
      : consecutive && days.length > 2
        ? `${names[days[0]]}–${names[days[days.length - 1]]}`
        : days.map((d) => names[d]).join(', ');
  const time = (h: number) => `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.round((h % 1) * 60)).padStart(2, '0')}`;
  return `${dayText} ${time(hours.start)}–${time(hours.end)}`;
}
