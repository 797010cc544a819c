import type { OrgSettings } from '@bearing/shared';
import { apiGet, apiRequest } from './http';

/** `GET /api/v1/settings`: org name, IANA time zone and production pattern. */
export function fetchSettings(signal?: AbortSignal): Promise<OrgSettings> {
  return apiGet<OrgSettings>('/api/v1/settings', { signal });
}

/**
 * `GET /api/v1/settings/rules`: the metric rules in force. Not in `@bearing/shared` yet;
 * the fields the views read (attribution window, working hours) are typed here.
 */
export interface MetricRules {
  attributionWindowS: number;
  hotfixLabels: string[];
  /** hours in the org zone; days 0 = Sunday … 6 = Saturday */
  workingHours: { start: number; end: number; days: number[] };
  botPatterns: string[];
  agentPatterns: string[];
  agentLabel: string;
  timeZone: string;
  productionPattern: string;
}

export function fetchRules(signal?: AbortSignal): Promise<MetricRules> {
  return apiGet<MetricRules>('/api/v1/settings/rules', { signal });
}

/** `PATCH /api/v1/settings` body: every field optional; rules are merged into the stored ones. */
export interface SettingsPatch {
  name?: string;
  timeZone?: string;
  productionPattern?: string;
  rules?: Partial<
    Pick<
      MetricRules,
      'attributionWindowS' | 'hotfixLabels' | 'workingHours' | 'botPatterns' | 'agentPatterns' | 'agentLabel'
    >
  >;
}

/**
 * `PATCH /api/v1/settings` (admin): the server recomputes every derived fact and answers the
 * rules now in force; a 400 names the field in `details.field` (e.g. `rules.workingHours.start`).
 */
export function patchSettings(patch: SettingsPatch): Promise<MetricRules> {
  return apiRequest<MetricRules>('/api/v1/settings', { method: 'PATCH', body: patch });
}
