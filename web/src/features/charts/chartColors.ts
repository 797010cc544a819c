/**
 * Series colours, each ≥ 4.5:1 against white so lines and legend swatches stay legible;
 * after ten series the colours repeat with a dash pattern.
 */
export const SERIES_COLORS = [
  '#1f5fa8',
  '#b35c00',
  '#2e7d32',
  '#c2185b',
  '#7b3fa0',
  '#00796b',
  '#c0392b',
  '#6b6b00',
  '#5d6d7e',
  '#3949ab',
] as const;

const DASHES = [undefined, '6 3', '2 3', '8 3 2 3'] as const;

export function seriesStyle(index: number): { stroke: string; strokeDasharray?: string } {
  const stroke = SERIES_COLORS[index % SERIES_COLORS.length];
  const strokeDasharray = DASHES[Math.floor(index / SERIES_COLORS.length) % DASHES.length];
  return strokeDasharray ? { stroke, strokeDasharray } : { stroke };
}

/**
 * Lead-time stages, in order coding → pickup → review → deploy: a sequential blue-to-amber
 * set, each ≥ 3:1 against white (non-text contrast) and told apart by position and legend.
 */
export const STAGE_COLORS = ['#1f5fa8', '#2e8b8b', '#7b3fa0', '#b35c00'] as const;
