import type { DoraTier, MetricTarget, MetricValue } from '@bearing/shared';
import { formatApiValue, type MetricDef } from './metricDefs';

export const TIERS = ['elite', 'high', 'medium', 'low'] as const satisfies readonly DoraTier[];

const TIER_LABELS: Record<DoraTier, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** The DORA 2023 edges the server sends with each tiered metric (`tierEdges`). */
export type TierEdges = Record<DoraTier, string>;

export function readTier(metric: MetricValue | undefined): DoraTier | null {
  const tier = metric?.tier;
  return tier === 'elite' || tier === 'high' || tier === 'medium' || tier === 'low' ? tier : null;
}

export function readTierEdges(metric: MetricValue | undefined): TierEdges | null {
  const edges = metric?.tierEdges;
  if (typeof edges !== 'object' || edges === null) return null;
  const record = edges as Record<string, unknown>;
  return TIERS.every((tier) => typeof record[tier] === 'string') ? (record as TierEdges) : null;
}

/** The badge's text: "Elite", "High", "Medium", "Low", or "No tier" (empty sample). */
export function tierBadgeText(tier: DoraTier | null): string {
  return tier ? TIER_LABELS[tier] : 'No tier';
}

/**
 * The tooltip/description of a badge: "Lead time for changes: Elite. DORA 2023 tiers:
 * Elite < 1 day; High < 1 week; Medium < 30 days; Low ≥ 30 days."
 */
export function tierDescription(label: string, tier: DoraTier | null, edges: TierEdges | null): string {
  const head = tier
    ? `${label}: ${TIER_LABELS[tier]} tier.`
    : `${label}: no tier (no data in the period).`;
  if (!edges) return head;
  const list = TIERS.map((t) => `${TIER_LABELS[t]} ${edges[t]}`).join('; ');
  return `${head} DORA 2023 tiers: ${list}.`;
}

export function readTarget(metric: MetricValue | undefined): MetricTarget | null {
  const target = metric?.target;
  if (!target || typeof target !== 'object') return null;
  return typeof target.value === 'number' && typeof target.op === 'string' ? target : null;
}

export type TargetStatus = 'met' | 'missed' | 'unknown';

export function targetStatus(target: MetricTarget): TargetStatus {
  return target.met === true ? 'met' : target.met === false ? 'missed' : 'unknown';
}

const OP_TEXT: Record<MetricTarget['op'], string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** "< 1 d", "≤ 5%", "≥ 10 deployments in the period" */
export function targetText(def: Pick<MetricDef, 'valueUnit' | 'eventsNoun'>, target: Pick<MetricTarget, 'op' | 'value'>): string {
  return `${OP_TEXT[target.op]} ${formatApiValue(def, target.value)}`;
}

/** "Target < 1 d: met", "Target ≤ 5%: missed", "Target < 1 d: no data". */
export function targetDescription(def: Pick<MetricDef, 'valueUnit' | 'eventsNoun'>, target: MetricTarget): string {
  const status = targetStatus(target);
  return `Target ${targetText(def, target)}: ${status === 'unknown' ? 'no data' : status}`;
}
