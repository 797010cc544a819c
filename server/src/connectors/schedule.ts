import { CronTime, validateCronExpression } from 'cron';

/** Pure schedule arithmetic of sources (cron next times, retry backoff). */

export const DEFAULT_CRON = '0 * * * *';

/** null when valid, else the problem. Five fields (minute precision) or six (with seconds). */
export function cronProblem(expr: string): string | null {
  const fields = expr.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return 'must be a cron expression of 5 fields (minute hour day month weekday), e.g. "*/15 * * * *"';
  const v = validateCronExpression(expr);
  return v.valid ? null : `is not a valid cron expression: ${v.error?.message ?? 'invalid'}`;
}

/** The first cron time strictly after `from`. */
export function nextRun(expr: string, from: Date, timeZone: string): Date {
  return new CronTime(expr, timeZone).getNextDateFrom(from, timeZone).toJSDate();
}

/** The gap between the next two cron times after `from`, ms. */
export function cronIntervalMs(expr: string, from: Date, timeZone: string): number {
  const a = nextRun(expr, from, timeZone);
  return nextRun(expr, a, timeZone).getTime() - a.getTime();
}

export const BASE_BACKOFF_MS = 60_000;

/** Retry delay after the n-th consecutive failure: 1 min × 2^(n−1), capped at the cron interval. */
export function backoffMs(failures: number, intervalMs: number): number {
  const exp = BASE_BACKOFF_MS * 2 ** Math.min(Math.max(failures - 1, 0), 30);
  return Math.max(1000, Math.min(exp, intervalMs));
}
