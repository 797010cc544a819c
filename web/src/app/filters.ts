import type { Interval, ScopeParam } from '@bearing/shared';
import { parseScope } from '../features/org/scope';
import { addDays, addMonths, isIsoDate, startOfMonth, type IsoDate } from '../lib/dates';

/**
 * The global filters, kept in the URL so every view can be bookmarked and shared:
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD&interval=week|month&scope=org|group:<key>|squad:<key>`.
 * `from` is inclusive and `to` exclusive, exactly as the API takes them.
 */
export interface Filters {
  from: IsoDate;
  to: IsoDate;
  interval: Interval;
  scope: ScopeParam;
}

export const FILTER_PARAMS = ['from', 'to', 'interval', 'scope'] as const;

export type PeriodPresetId =
  | 'last-4-weeks'
  | 'last-3-months'
  | 'last-6-months'
  | `month:${string}`
  | 'custom';

export const DEFAULT_PRESET = 'last-3-months' satisfies PeriodPresetId;
export const DEFAULT_INTERVAL: Interval = 'week';
export const DEFAULT_SCOPE: ScopeParam = 'org';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/**
 * The period of a preset, relative to `today` in the org's time zone. Rolling presets end
 * with today (`to` = tomorrow, exclusive): "last 3 months" on 23 Nov is 24 Aug – 23 Nov.
 * A calendar month is `month:YYYY-MM`.
 */
export function presetPeriod(preset: Exclude<PeriodPresetId, 'custom'>, today: IsoDate): Period {
  const to = addDays(today, 1);
  switch (preset) {
    case 'last-4-weeks':
      return { from: addDays(to, -28), to };
    case 'last-3-months':
      return { from: addMonths(to, -3), to };
    case 'last-6-months':
      return { from: addMonths(to, -6), to };
    default: {
      const from = `${preset.slice('month:'.length)}-01`;
      return { from, to: addMonths(from, 1) };
    }
  }
}

export function defaultPeriod(today: IsoDate): Period {
  return presetPeriod(DEFAULT_PRESET, today);
}

/** Which preset a period is, or `custom`. */
export function detectPreset(period: Period, today: IsoDate): PeriodPresetId {
  for (const preset of ['last-4-weeks', 'last-3-months', 'last-6-months'] as const) {
    const candidate = presetPeriod(preset, today);
    if (candidate.from === period.from && candidate.to === period.to) return preset;
  }
  if (period.from === startOfMonth(period.from) && period.to === addMonths(period.from, 1)) {
    return `month:${period.from.slice(0, 7)}`;
  }
  return 'custom';
}

/** The last `count` calendar months, newest first, as `YYYY-MM` (the current one included). */
export function recentMonths(today: IsoDate, count = 24): string[] {
  const current = startOfMonth(today);
  return Array.from({ length: count }, (_, i) => addMonths(current, -i).slice(0, 7));
}

/**
 * Reads the filters from the URL; a missing or invalid value falls back to its default
 * (a period needs both dates valid and `from` < `to`). The default scope is the user's
 * (a director's group, a squad lead's squad), `org` for org-wide roles.
 */
export function parseFilters(
  params: URLSearchParams,
  today: IsoDate,
  defaultScope: ScopeParam = DEFAULT_SCOPE,
): Filters {
  const from = params.get('from');
  const to = params.get('to');
  const period: Period =
    isIsoDate(from) && isIsoDate(to) && from < to ? { from, to } : defaultPeriod(today);
  const interval = params.get('interval');
  const scope = params.get('scope');
  return {
    ...period,
    interval: interval === 'week' || interval === 'month' ? interval : DEFAULT_INTERVAL,
    scope: scope && parseScope(scope) ? scope : defaultScope,
  };
}

/** The search string with `patch` applied; every other param (and filter) is kept as is. */
export function withFilters(current: URLSearchParams, patch: Partial<Filters>): string {
  const next = new URLSearchParams(current);
  for (const name of FILTER_PARAMS) {
    const value = patch[name];
    if (value !== undefined) next.set(name, value);
  }
  return `?${next.toString()}`;
}
