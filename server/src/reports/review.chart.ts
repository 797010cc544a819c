import type { TrendPoint } from './review.model.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartGeometry {
  /** line segments: consecutive points with values; a null value breaks the line */
  segments: { x: number; y: number }[][];
  /** every point with a value (drawn as dots) */
  dots: { x: number; y: number }[];
  yTicks: { value: number; y: number }[];
  xTicks: { x: number; label: string }[];
  yMax: number;
}

/** A "nice" axis maximum ≥ `max` (1, 2, 2.5 or 5 × 10^n), as Recharts' auto domain rounds. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const exp = Math.floor(Math.log10(max));
  const base = 10 ** exp;
  for (const m of [1, 2, 2.5, 5, 10]) if (m * base >= max - 1e-12) return m * base;
  return 10 * base;
}

/**
 * Maps a series onto a box (PDF coordinates: y grows downwards): x evenly spaced by bucket,
 * y from 0 at the bottom to a nice maximum at the top, `tickCount` y ticks, and an x label on
 * every `labelEvery`-th bucket (month starts for weekly series).
 */
export function chartGeometry(points: readonly TrendPoint[], box: Box, tickCount = 4): ChartGeometry {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const yMax = niceMax(values.length ? Math.max(...values) : 0);
  const n = points.length;
  const xAt = (i: number) => box.x + (n <= 1 ? box.width / 2 : (i * box.width) / (n - 1));
  const yAt = (v: number) => box.y + box.height - (v / yMax) * box.height;
  const segments: { x: number; y: number }[][] = [];
  const dots: { x: number; y: number }[] = [];
  let current: { x: number; y: number }[] = [];
  points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) {
      if (current.length) segments.push(current);
      current = [];
      return;
    }
    const pt = { x: xAt(i), y: yAt(p.value) };
    current.push(pt);
    dots.push(pt);
  });
  if (current.length) segments.push(current);
  const yTicks = Array.from({ length: tickCount + 1 }, (_, i) => {
    const value = (yMax * i) / tickCount;
    return { value, y: yAt(value) };
  });
  // label the first bucket of each month (weekly series) or every bucket (monthly series)
  const xTicks: { x: number; label: string }[] = [];
  let lastMonth = '';
  points.forEach((p, i) => {
    const month = p.start.slice(0, 7);
    if (month !== lastMonth) {
      xTicks.push({ x: xAt(i), label: shortMonth(month) });
      lastMonth = month;
    }
  });
  return { segments, dots, yTicks, xTicks, yMax };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Oct 26" */
export function shortMonth(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(2, 4)}`;
}
