import type { MetricTarget } from '@bearing/shared';
import type { MetricDef } from './metricDefs';
import { targetDescription, targetStatus } from './tiers';

export interface TargetMarkProps {
  def: MetricDef;
  target: MetricTarget | null;
  /** show "Target < 1 d" before the status (cards) rather than only the status (table) */
  long?: boolean;
}

const SYMBOL = { met: '✓', missed: '✗', unknown: '–' } as const;
const WORD = { met: 'target met', missed: 'target missed', unknown: 'target: no data' } as const;

/** ✓ target met / ✗ target missed, with the target itself in the tooltip. */
export function TargetMark({ def, target, long }: TargetMarkProps) {
  if (!target) return null;
  const status = targetStatus(target);
  const description = targetDescription(def, target);
  return (
    <span className={`target target--${status}`} title={description}>
      <span aria-hidden="true">{SYMBOL[status]} </span>
      {long ? description : WORD[status]}
      {long ? null : <span className="visually-hidden"> ({description})</span>}
    </span>
  );
}
