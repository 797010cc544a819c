import type { MetricKey, MetricsResponse, MetricValue, ScopeParam, SquadSummary } from '@bearing/shared';
import type { CsvColumn } from '../../lib/csv';
import { readSplit, type DurationStat } from '../squad/leadTime';

/** The metrics the Practice Lead view asks for, per squad and for the org. */
export const PRACTICE_METRICS: readonly MetricKey[] = [
  'review_concentration',
  'review_pickup_time',
  'lead_time_for_changes',
  'pattern_citation_rate',
];

/** One row of the review table: a squad, or the org (its own figures, never averaged). */
export interface ReviewRow {
  scope: ScopeParam;
  name: string;
  kind: 'squad' | 'org';
  /** reviews in the period (`review_concentration.sampleSize`) */
  reviews: number;
  /** share of the reviews done by the busiest reviewer (`review_concentration.value`) */
  topReviewerShare: number | null;
  /** share done by practice leads (`review_concentration.practice_lead_review_share`) */
  practiceLeadShare: number | null;
  pickup: DurationStat | null;
  pickupAgent: DurationStat | null;
  pickupHuman: DurationStat | null;
  leadAgent: DurationStat | null;
  leadHuman: DurationStat | null;
}

const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function durationOf(metric: MetricValue | undefined): DurationStat | null {
  if (!metric) return null;
  return { value: finite(metric.value), p90: finite(metric.p90), sampleSize: finite(metric.sampleSize) ?? 0 };
}

/** A review row from one scope's `GET /metrics` answer (missing metrics read as null). */
export function toReviewRow(
  scope: ScopeParam,
  name: string,
  kind: ReviewRow['kind'],
  response: MetricsResponse | undefined,
): ReviewRow {
  const concentration = response?.metrics.review_concentration;
  const pickup = response?.metrics.review_pickup_time;
  const lead = response?.metrics.lead_time_for_changes;
  const pickupSplit = readSplit(pickup);
  const leadSplit = readSplit(lead);
  return {
    scope,
    name,
    kind,
    reviews: finite(concentration?.sampleSize) ?? 0,
    topReviewerShare: finite(concentration?.value),
    practiceLeadShare: finite(concentration?.practice_lead_review_share),
    pickup: durationOf(pickup),
    pickupAgent: pickupSplit.agent,
    pickupHuman: pickupSplit.human,
    leadAgent: leadSplit.agent,
    leadHuman: leadSplit.human,
  };
}

/**
 * Squad rows sorted by name, then the org row from its own answer (`scope=org`): the org's
 * shares are computed over all its reviews by the server, not averaged from the squads.
 */
export function toReviewRows(
  squads: readonly Pick<SquadSummary, 'key' | 'name'>[],
  responses: ReadonlyMap<ScopeParam, MetricsResponse | undefined>,
  org: { name: string; response: MetricsResponse | undefined } | null,
): { squads: ReviewRow[]; org: ReviewRow | null } {
  const rows = [...squads]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => {
      const scope = `squad:${s.key}` as ScopeParam;
      return toReviewRow(scope, s.name, 'squad', responses.get(scope));
    });
  return { squads: rows, org: org ? toReviewRow('org', org.name, 'org', org.response) : null };
}

/** One bar per squad with reviews: its practice-lead review share (0..1). */
export interface LeadShareBar {
  scope: ScopeParam;
  label: string;
  share: number;
  reviews: number;
}

/** Bars for the squads whose share is known (squads with no reviews are left out). */
export function toLeadShareBars(rows: readonly ReviewRow[]): LeadShareBar[] {
  return rows
    .filter((r) => r.kind === 'squad' && r.practiceLeadShare !== null && r.reviews > 0)
    .map((r) => ({ scope: r.scope, label: r.name, share: r.practiceLeadShare as number, reviews: r.reviews }));
}

/**
 * Agent vs human medians over the given rows, for the comparison table: one entry per row
 * with both splits; `null` medians stay null ("—").
 */
export interface SplitRow {
  scope: ScopeParam;
  name: string;
  kind: ReviewRow['kind'];
  leadAgent: number | null;
  leadHuman: number | null;
  pickupAgent: number | null;
  pickupHuman: number | null;
  /** agent median ÷ human median of lead time (>1: agent PRs take longer); null when unknown */
  leadRatio: number | null;
}

export function toSplitRows(rows: readonly ReviewRow[]): SplitRow[] {
  return rows.map((r) => {
    const leadAgent = r.leadAgent?.value ?? null;
    const leadHuman = r.leadHuman?.value ?? null;
    return {
      scope: r.scope,
      name: r.name,
      kind: r.kind,
      leadAgent,
      leadHuman,
      pickupAgent: r.pickupAgent?.value ?? null,
      pickupHuman: r.pickupHuman?.value ?? null,
      leadRatio: leadAgent !== null && leadHuman !== null && leadHuman > 0 ? leadAgent / leadHuman : null,
    };
  });
}

/** CSV of the review table: raw numbers (ratios 0..1, seconds). */
export const reviewCsvColumns: CsvColumn<ReviewRow>[] = [
  { header: 'scope', value: (r) => r.scope },
  { header: 'name', value: (r) => r.name },
  { header: 'reviews', value: (r) => r.reviews },
  { header: 'top_reviewer_share', value: (r) => r.topReviewerShare },
  { header: 'practice_lead_review_share', value: (r) => r.practiceLeadShare },
  { header: 'review_pickup_median_s', value: (r) => r.pickup?.value },
  { header: 'review_pickup_agent_median_s', value: (r) => r.pickupAgent?.value },
  { header: 'review_pickup_human_median_s', value: (r) => r.pickupHuman?.value },
  { header: 'lead_time_agent_median_s', value: (r) => r.leadAgent?.value },
  { header: 'lead_time_human_median_s', value: (r) => r.leadHuman?.value },
];

export const splitCsvColumns: CsvColumn<SplitRow>[] = [
  { header: 'scope', value: (r) => r.scope },
  { header: 'name', value: (r) => r.name },
  { header: 'lead_time_agent_median_s', value: (r) => r.leadAgent },
  { header: 'lead_time_human_median_s', value: (r) => r.leadHuman },
  { header: 'lead_time_agent_to_human_ratio', value: (r) => r.leadRatio },
  { header: 'review_pickup_agent_median_s', value: (r) => r.pickupAgent },
  { header: 'review_pickup_human_median_s', value: (r) => r.pickupHuman },
];
