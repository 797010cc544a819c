/**
 * The org's metric rules: every configurable edge of the definitions in one typed object,
 * stored in `org_settings.rules` (jsonb) and merged over these defaults.
 */
export interface MetricRules {
  timeZone: string;
  /** environments that count as production (case-insensitive regex) */
  productionPattern: string;
  /** heuristic incident → deployment window, seconds (per-service overrides in service_settings) */
  attributionWindowS: number;
  /** PR labels that make a deployment shipping them rework */
  hotfixLabels: string[];
  /** Mon–Fri working hours in the person's (or org's) zone, [start, end) in hours */
  workingHours: { start: number; end: number; days: number[] };
  /** logins/keys/emails matching these (case-insensitive regex) are bots */
  botPatterns: string[];
  /** logins/keys/emails matching these are coding agents */
  agentPatterns: string[];
  /** a PR with this label is agent-authored */
  agentLabel: string;
  /** pattern-shaped keys in PR text (case-sensitive regex); used to find unknown pattern keys */
  patternKeyRegex: string;
  /** prefixes of pattern-shaped keys reported as unknown; null = the prefixes of the library's keys */
  patternPrefixes: string[] | null;
  /** the library is stale when unchanged for longer than this many days */
  libraryIncrementDays: number;
  /** drift: `repeated_failure` fires when one CI check fails this many times in a row */
  driftFailureStreak: number;
  /** drift episodes recovered within this many minutes are caught early */
  driftEarlyMinutes: number;
  /** drift episodes lasting longer than this many minutes are expensive */
  driftExpensiveMinutes: number;
  /** the PR label that flags drift (added: `flagged` signal; removed: recovery) */
  driftLabel: string;
}

export const DEFAULT_RULES: Omit<MetricRules, 'timeZone' | 'productionPattern'> = {
  attributionWindowS: 24 * 3600,
  hotfixLabels: ['hotfix'],
  workingHours: { start: 9, end: 18, days: [1, 2, 3, 4, 5] },
  botPatterns: ['\\[bot\\]$', '^dependabot', '^renovate', '^github-actions'],
  agentPatterns: [],
  agentLabel: 'agent',
  patternKeyRegex: '\\b[A-Z]{2,6}-\\d{1,4}\\b',
  patternPrefixes: null,
  libraryIncrementDays: 14,
  driftFailureStreak: 3,
  driftEarlyMinutes: 15,
  driftExpensiveMinutes: 120,
  driftLabel: 'drift',
};

export function mergeRules(timeZone: string, productionPattern: string, stored: Record<string, unknown> | null | undefined): MetricRules {
  const s = (stored ?? {}) as Partial<MetricRules>;
  return {
    ...DEFAULT_RULES,
    ...s,
    workingHours: { ...DEFAULT_RULES.workingHours, ...(s.workingHours ?? {}) },
    timeZone,
    productionPattern,
  };
}

export function productionMatcher(rules: Pick<MetricRules, 'productionPattern'>): (environment: string) => boolean {
  const re = new RegExp(rules.productionPattern, 'i');
  return (env) => re.test(env);
}
