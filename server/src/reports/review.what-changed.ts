import type { MetricKey } from '@bearing/shared';
import { formatPercent, formatTarget, formatValue, meetsTarget, metricLabel, tierLabel } from './review.format.js';
import type { ReviewCell, ReviewRow } from './review.model.js';

/** Metrics where a higher value is better; for every other headline metric lower is better. */
const HIGHER_IS_BETTER: ReadonlySet<MetricKey> = new Set(['deployment_frequency', 'pattern_citation_rate', 'drift_caught_early_rate']);

const TIER_RANK = { elite: 0, high: 1, medium: 2, low: 3 } as const;

export interface ChangeNote {
  kind: 'target_missed' | 'target_met' | 'tier_change' | 'movement';
  scope: string;
  metric: MetricKey;
  /** how large the change is, for ordering movements (relative change) */
  magnitude: number;
  text: string;
}

export interface WhatChangedOptions {
  /** movements smaller than this relative change are not news (default 0.2 = 20%) */
  minRelativeChange?: number;
  /** at most this many movements (default 5) */
  maxMovements?: number;
  /** at most this many notes in all (default 10) */
  maxNotes?: number;
}

function relative(c: ReviewCell): number | null {
  if (c.value === null || c.previous === null) return null;
  if (c.unit === 'ratio') return Math.abs(c.value - c.previous) >= 0.005 ? (c.value - c.previous) / Math.max(Math.abs(c.previous), 0.05) : 0;
  if (c.previous === 0) return c.value === 0 ? 0 : null;
  return (c.value - c.previous) / Math.abs(c.previous);
}

function movementText(row: ReviewRow, c: ReviewCell): string {
  const rose = c.value! > c.previous!;
  const better = rose === HIGHER_IS_BETTER.has(c.metric);
  const delta =
    c.unit === 'ratio'
      ? `${rose ? '+' : '-'}${formatPercent(Math.abs(c.value! - c.previous!)).replace('%', ' pts')}`
      : c.previous === 0
        ? 'from none'
        : `${rose ? '+' : '-'}${formatPercent(Math.abs(c.value! - c.previous!) / Math.abs(c.previous!))}`;
  return `${metricLabel(c.metric)} (${row.scopeName}) ${rose ? 'rose' : 'fell'} from ${formatValue(c.unit, c.previous)} to ${formatValue(c.unit, c.value)} (${delta}, ${better ? 'better' : 'worse'}).`;
}

/**
 * A short "what changed" list generated from the numbers, most important first: targets newly
 * missed (met the month before), targets newly met, DORA tier changes, then the biggest
 * movements against the previous month. Pure: the same review gives the same list.
 */
export function whatChanged(rows: readonly ReviewRow[], options: WhatChangedOptions = {}): ChangeNote[] {
  const minRel = options.minRelativeChange ?? 0.2;
  const notes: ChangeNote[] = [];
  const movements: ChangeNote[] = [];
  for (const row of rows) {
    for (const c of row.cells) {
      if (!c.available) continue;
      if (c.target && c.target.met !== null) {
        const before = meetsTarget(c.previous, c.target);
        if (c.target.met === false && before === true) {
          notes.push({ kind: 'target_missed', scope: row.scope, metric: c.metric, magnitude: Infinity, text: `${metricLabel(c.metric)} (${row.scopeName}) missed its target (${formatTarget(c.unit, { ...c.target, met: null }).replace(': no data', '')}) after meeting it the month before: ${formatValue(c.unit, c.value)}.` });
        } else if (c.target.met === true && before === false) {
          notes.push({ kind: 'target_met', scope: row.scope, metric: c.metric, magnitude: Infinity, text: `${metricLabel(c.metric)} (${row.scopeName}) met its target again: ${formatValue(c.unit, c.value)}.` });
        }
      }
      if (c.tier && c.previousTier && c.tier !== c.previousTier) {
        const up = TIER_RANK[c.tier] < TIER_RANK[c.previousTier];
        notes.push({ kind: 'tier_change', scope: row.scope, metric: c.metric, magnitude: Math.abs(TIER_RANK[c.tier] - TIER_RANK[c.previousTier]), text: `${metricLabel(c.metric)} (${row.scopeName}) ${up ? 'moved up' : 'dropped'} from ${tierLabel(c.previousTier)} to ${tierLabel(c.tier)}.` });
      }
      const rel = relative(c);
      if (rel !== null ? Math.abs(rel) >= minRel : c.value !== null && c.previous === 0 && c.value !== 0) {
        movements.push({ kind: 'movement', scope: row.scope, metric: c.metric, magnitude: rel === null ? Number.MAX_VALUE : Math.abs(rel), text: movementText(row, c) });
      }
    }
  }
  const order = { target_missed: 0, target_met: 1, tier_change: 2, movement: 3 } as const;
  notes.sort((a, b) => order[a.kind] - order[b.kind] || b.magnitude - a.magnitude);
  movements.sort((a, b) => b.magnitude - a.magnitude || (a.text < b.text ? -1 : 1));
  return [...notes, ...movements.slice(0, options.maxMovements ?? 5)].slice(0, options.maxNotes ?? 10);
}
