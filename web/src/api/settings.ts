import type { OrgSettings } from '@bearing/shared';
import { apiGet } from './http';

/** `GET /api/v1/settings`: org name, IANA time zone and production pattern. */
export function fetchSettings(signal?: AbortSignal): Promise<OrgSettings> {
  return apiGet<OrgSettings>('/api/v1/settings', { signal });
}
