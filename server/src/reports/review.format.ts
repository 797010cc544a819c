import { type DoraTier, type MetricKey, type MetricTarget, type MetricUnit, METRICS } from '@bearing/shared';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Shown for an empty sample (a value the definitions say is null, never 0). */
export const EMPTY = '–';
export const NOT_AVAILABLE = 'not available';

function trim(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.0+$/, '').replace(/(\.\d*[1-9])0+$/, '$1');
}

/** A duration for people: "45 s", "12 min", "5.2 h", "2.4 days". */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (s < MINUTE) return `${sign}${Math.round(s)} s`;
  if (s < HOUR) return `${sign}${Math.round(s / MINUTE)} min`;
  if (s < DAY) return `${sign}${trim(s / HOUR, 1)} h`;
  const days = s / DAY;
  return `${sign}${trim(days, days < 10 ? 1 : 0)} ${trim(days, days < 10 ? 1 : 0) === '1' ? 'day' : 'days'}`;
}

/** A ratio as a percentage: "13%", "4.5%", "0%". */
export function formatPercent(ratio: number): string {
  const p = ratio * 100;
  return `${trim(p, Math.abs(p) < 10 ? 1 : 0)}%`;
}

/** A count: "1,204", "3.5" (averages keep one decimal). */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-GB') : trim(n, 1);
}

export function formatValue(unit: MetricUnit, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  return unit === 'seconds' ? formatDuration(value) : unit === 'ratio' ? formatPercent(value) : formatCount(value);
}

export function metricLabel(metric: MetricKey): string {
  return METRICS[metric].label;
}

export function metricUnit(metric: MetricKey): MetricUnit {
  return METRICS[metric].unit;
}

export function tierLabel(tier: DoraTier | null | undefined): string {
  return tier ? tier[0]!.toUpperCase() + tier.slice(1) : EMPTY;
}

const OPS: Record<MetricTarget['op'], string> = { '<': '<', '<=': 'at most', '>': '>', '>=': 'at least' };

/** "< 2 days: met", "at least 13%: missed", "–" (no target). */
export function formatTarget(unit: MetricUnit, target: MetricTarget | null | undefined): string {
  if (!target) return EMPTY;
  const status = target.met === null ? 'no data' : target.met ? 'met' : 'missed';
  return `${OPS[target.op]} ${formatValue(unit, target.value)}: ${status}`;
}

/** Whether a value meets a target (null when there is no value). */
export function meetsTarget(value: number | null, target: Pick<MetricTarget, 'op' | 'value'>): boolean | null {
  if (value === null) return null;
  switch (target.op) {
    case '<':
      return value < target.value;
    case '<=':
      return value <= target.value;
    case '>':
      return value > target.value;
    default:
      return value >= target.value;
  }
}

/** Download names: `bearing-review-2026-10-squad-payments-core.pdf`. */
export function reportFileName(month: string, scope: string, ext: 'pdf' | 'csv'): string {
  const slug = scope
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return `bearing-review-${month}-${slug || 'org'}.${ext}`;
}

/** "2026-11-01 06:00 UTC" in the org time zone. */
export function formatInstant(iso: string, timeZone: string): string {
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timeZone}`;
}
