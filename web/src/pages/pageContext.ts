import type { Interval } from '@bearing/shared';
import { formatPeriod } from '../lib/format';

/** "Platform group · 24 Aug – 23 Nov 2026 · weekly" */
export function pageContext(scopeLabel: string, from: string, to: string, interval: Interval): string {
  return `${scopeLabel} · ${formatPeriod(from, to)} · ${interval === 'week' ? 'weekly' : 'monthly'}`;
}
