import { useId, type ReactNode } from 'react';
import { DeltaBadge } from './DeltaBadge';
import type { MetricCell } from './healthTable';
import { formatMetricValue, type MetricDef } from './metricDefs';
import { TargetMark } from './TargetMark';
import { TierBadge } from './TierBadge';

export interface StatCardProps {
  def: MetricDef;
  cell: MetricCell;
  /** the sample and explaining figures, e.g. "5 of 230 deployments failed" */
  detail: string;
  scopeName: string;
  previousPending: boolean;
  onOpen: () => void;
  /** more content under the card's figures (e.g. an agent/human split) */
  children?: ReactNode;
}

/** One metric as a card: value (opens its drill-down), tier, sample, change, target. */
export function StatCard({ def, cell, detail, scopeName, previousPending, onOpen, children }: StatCardProps) {
  const titleId = useId();
  const tierId = useId();
  const text = formatMetricValue(def, cell.value);
  return (
    <article className="stat-card" aria-labelledby={titleId}>
      <h3 id={titleId} className="stat-card__title">
        {def.label}
        <span className="stat-card__statistic">{def.statistic}</span>
      </h3>
      <div className="stat-card__value">
        <button
          type="button"
          className="metric-value metric-value--large"
          onClick={onOpen}
          aria-label={`${text}: ${def.label}, ${scopeName}. Show the ${def.eventsNoun} behind it`}
          aria-describedby={cell.tierEdges ? tierId : undefined}
        >
          {text}
        </button>
        {cell.tierEdges ? (
          <TierBadge label={def.label} tier={cell.tier} edges={cell.tierEdges} descriptionId={tierId} />
        ) : null}
      </div>
      <p className="stat-card__detail">{detail}</p>
      <p className="stat-card__delta">
        <DeltaBadge def={def} delta={cell.delta} pending={previousPending && !cell.previousKnown} />
        <span className="muted"> vs previous period</span>
      </p>
      {cell.target ? (
        <p className="stat-card__target">
          <TargetMark def={def} target={cell.target} long />
        </p>
      ) : null}
      {children}
    </article>
  );
}
