import type { MetricValue } from '@bearing/shared';

export const STAGES = [
  { key: 'coding', label: 'Coding', description: 'start (first commit or PR creation) → PR opened' },
  { key: 'pickup', label: 'Pickup', description: 'PR opened → first review by someone else' },
  { key: 'review', label: 'Review', description: 'first review → merged' },
  { key: 'deploy', label: 'Deploy', description: 'merged → production deployment finished' },
] as const;

export type StageKey = (typeof STAGES)[number]['key'];

export interface DurationStat {
  /** median, seconds */
  value: number | null;
  p90: number | null;
  sampleSize: number;
}

function stat(value: unknown): DurationStat | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  return { value: num(v.value), p90: num(v.p90), sampleSize: num(v.sampleSize) ?? 0 };
}

/** `lead_time_for_changes.stages`: the median (and p90) of each stage, or null if absent. */
export function readStages(metric: MetricValue | undefined): Record<StageKey, DurationStat> | null {
  const stages = metric?.stages;
  if (typeof stages !== 'object' || stages === null) return null;
  const record = stages as Record<string, unknown>;
  const result = {} as Record<StageKey, DurationStat>;
  for (const { key } of STAGES) {
    result[key] = stat(record[key]) ?? { value: null, p90: null, sampleSize: 0 };
  }
  return result;
}

/** `split` of a PR metric: agent-authored vs human-authored PRs. */
export function readSplit(metric: MetricValue | undefined): { agent: DurationStat | null; human: DurationStat | null } {
  const split = metric?.split;
  if (typeof split !== 'object' || split === null) return { agent: null, human: null };
  const record = split as Record<string, unknown>;
  return { agent: stat(record.agent), human: stat(record.human) };
}

/** One bar of the stage chart: a period's stage medians and its own total median. */
export type StageRow = {
  label: string;
  /** the lead time median measured directly (not the sum of the stages) */
  total: number | null;
  /** the sum of the stage medians, shown beside the total to explain the difference */
  stageSum: number | null;
  sampleSize: number;
} & Record<StageKey, number | null>;

/**
 * The stacked-bar rows (coding → pickup → review → deploy medians) for this period and
 * the previous one. Rows without any stage data are left out. Stage medians are taken
 * separately, so they need not add up to the total median.
 */
export function toStageRows(
  periods: ReadonlyArray<{ label: string; metric: MetricValue | undefined }>,
): StageRow[] {
  const rows: StageRow[] = [];
  for (const { label, metric } of periods) {
    const stages = readStages(metric);
    if (!stages || STAGES.every(({ key }) => stages[key].value === null)) continue;
    const values = STAGES.map(({ key }) => stages[key].value);
    const present = values.filter((v): v is number => v !== null);
    const total = typeof metric?.value === 'number' && Number.isFinite(metric.value) ? metric.value : null;
    rows.push({
      label,
      coding: stages.coding.value,
      pickup: stages.pickup.value,
      review: stages.review.value,
      deploy: stages.deploy.value,
      total,
      stageSum: present.length ? present.reduce((sum, v) => sum + v, 0) : null,
      sampleSize: Math.max(...STAGES.map(({ key }) => stages[key].sampleSize)),
    });
  }
  return rows;
}
