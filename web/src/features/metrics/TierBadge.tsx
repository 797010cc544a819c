import type { DoraTier } from '@bearing/shared';
import { tierBadgeText, tierDescription, type TierEdges } from './tiers';

export interface TierBadgeProps {
  /** the metric's name, for the description */
  label: string;
  tier: DoraTier | null;
  edges: TierEdges | null;
  /**
   * The id of the full description (tier and DORA edges). The number's button points at it
   * with `aria-describedby`, so keyboard and screen-reader users hear the edges when they
   * reach the number; mouse users get them in the badge's tooltip (`title`).
   */
  descriptionId: string;
}

/** "Elite" / "High" / "Medium" / "Low" / "No tier", with the DORA edges as its description. */
export function TierBadge({ label, tier, edges, descriptionId }: TierBadgeProps) {
  const description = tierDescription(label, tier, edges);
  return (
    <>
      <span className={`tier tier--${tier ?? 'none'}`} title={description} aria-describedby={descriptionId}>
        {tierBadgeText(tier)}
      </span>
      <span id={descriptionId} className="visually-hidden">
        {description}
      </span>
    </>
  );
}
