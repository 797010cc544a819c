import { addDays, isoDateToUtcDate, type IsoDate } from './dates';

/** One locale for the whole UI: the interface text is English, dates read "24 Aug 2026". */
export const UI_LOCALE = 'en-GB';

const DASH = '—';

const UNITS = [
  { seconds: 86_400, label: 'd' },
  { seconds: 3_600, label: 'h' },
  { seconds: 60, label: 'm' },
  { seconds: 1, label: 's' },
] as const;

/**
 * A duration in seconds as its two largest units, rounded to the smaller one:
 * 12000 → "3 h 20 m", 3600 → "1 h", 90061 → "1 d 1 h", 45 → "45 s", null → "—".
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);

  const largestIndex = (value: number) => {
    const index = UNITS.findIndex((unit) => value >= unit.seconds);
    return index === -1 ? UNITS.length - 1 : index;
  };
  // Round to the precision of the second unit shown, then re-pick (59 m 59.6 s → 1 h).
  let first = largestIndex(rest);
  const precision = UNITS[Math.min(first + 1, UNITS.length - 1)].seconds;
  rest = Math.round(rest / precision) * precision;
  first = largestIndex(rest);

  const parts: string[] = [];
  for (const unit of UNITS.slice(first, first + 2)) {
    const amount = Math.floor(rest / unit.seconds);
    rest -= amount * unit.seconds;
    if (amount > 0 || parts.length === 0) parts.push(`${amount} ${unit.label}`);
  }
  if (parts.length === 2 && parts[1].startsWith('0 ')) parts.pop();
  return sign + parts.join(' ');
}

export function formatNumber(
  value: number | null | undefined,
  maximumFractionDigits = 1,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return new Intl.NumberFormat(UI_LOCALE, { maximumFractionDigits }).format(value);
}

/** A plain date: "24 Aug 2026" (or "24 Aug" with `withYear: false`). */
export function formatDate(date: IsoDate, options: { withYear?: boolean } = {}): string {
  return new Intl.DateTimeFormat(UI_LOCALE, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    ...(options.withYear === false ? {} : { year: 'numeric' }),
  }).format(isoDateToUtcDate(date));
}

/** "Aug 2026" */
export function formatMonth(date: IsoDate): string {
  return new Intl.DateTimeFormat(UI_LOCALE, {
    timeZone: 'UTC',
    month: 'long',
    year: 'numeric',
  }).format(isoDateToUtcDate(date));
}

/**
 * A half-open period `[from, to)` as the days it covers: "24 Aug – 23 Nov 2026",
 * "1 – 30 Nov 2026", "15 Dec 2025 – 14 Jan 2026".
 */
export function formatPeriod(from: IsoDate, to: IsoDate): string {
  const last = addDays(to, -1);
  if (last <= from) return formatDate(from);
  const sameYear = from.slice(0, 4) === last.slice(0, 4);
  const sameMonth = sameYear && from.slice(5, 7) === last.slice(5, 7);
  if (sameMonth) return `${Number(from.slice(8, 10))} – ${formatDate(last)}`;
  return `${formatDate(from, { withYear: !sameYear })} – ${formatDate(last)}`;
}

/** A timestamp in the org's time zone: "24 Aug 2026, 14:05". */
export function formatDateTime(value: string | Date, timeZone: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const options: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat(UI_LOCALE, { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(UI_LOCALE, { ...options, timeZone: 'UTC' }).format(date);
  }
}

/** "finishedAt" → "Finished at", "deployment_id" → "Deployment id". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A ratio 0..1 as a percentage: 0.0435 → "4.3%", null → "—". */
export function formatPercent(
  ratio: number | null | undefined,
  maximumFractionDigits = 1,
): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return new Intl.NumberFormat(UI_LOCALE, {
    style: 'percent',
    maximumFractionDigits,
    minimumFractionDigits: 0,
  }).format(ratio);
}

/** "1 change" / "3 changes" */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count, 0)} ${count === 1 ? one : many}`;
}
