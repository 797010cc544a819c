import { describeDelta, type Delta } from './delta';
import { formatMetricValue, type MetricDef } from './metricDefs';

export interface DeltaBadgeProps {
  def: MetricDef;
  delta: Delta;
  /** the previous period has not answered yet */
  pending?: boolean;
  /** leave out a unit the column header gives */
  compact?: boolean;
}

/** "▲ 2 h 5 m worse": arrow, amount and verdict in words (colour is never the only cue). */
export function DeltaBadge({ def, delta, pending, compact }: DeltaBadgeProps) {
  if (pending) {
    return (
      <span className="delta delta--pending">
        <span aria-hidden="true">…</span>
        <span className="visually-hidden">Previous period loading.</span>
      </span>
    );
  }
  const text = describeDelta(def, delta, (value) => formatMetricValue(def, value), compact);
  const tone = delta.verdict ?? 'none';
  return (
    <span className={`delta delta--${tone}`} title={text.description}>
      <span aria-hidden="true">
        {text.symbol ? `${text.symbol} ` : ''}
        {text.amount}
        {text.verdictText ? ` ${text.verdictText}` : ''}
      </span>
      <span className="visually-hidden">{text.description}</span>
    </span>
  );
}
