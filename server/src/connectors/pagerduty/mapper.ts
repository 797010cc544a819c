import type { IncidentRecord } from '@bearing/shared';
import { parseRootCauseFromTexts, parseRootCauseValue } from '../github/root-cause.js';
import type { PagerdutyConfig } from './config.js';

/**
 * Pure mappers: PagerDuty REST v2 incidents and v3 webhook incident data → canonical incidents.
 * Only the fields read are typed.
 */

export interface PdReference {
  id: string;
  summary?: string | null;
}
export interface PdIncident {
  id: string;
  title?: string | null;
  summary?: string | null;
  status: string;
  urgency?: string | null;
  priority?: PdReference | null;
  service?: PdReference | null;
  created_at: string;
  /** REST v2: set on resolved incidents (newer accounts) */
  resolved_at?: string | null;
  last_status_change_at?: string | null;
}
export interface PdNote {
  id: string;
  content: string;
  created_at: string;
}
export interface PdCustomFieldValue {
  name: string;
  value: unknown;
}

export const incidentId = (pdId: string): string => `pagerduty:${pdId}`;

type MapConfig = Pick<PagerdutyConfig, 'services' | 'servicesByName' | 'defaultRepo' | 'rootCauseField'>;

export function serviceKey(config: MapConfig, service: PdReference | null | undefined): string | null {
  if (!service) return null;
  return config.services[service.id] ?? (service.summary ? (config.servicesByName[service.summary] ?? service.summary) : null);
}

/** The root cause: the custom field when configured and set, else the latest note with a `root cause:` line. */
export function rootCause(config: MapConfig, notes: PdNote[], fields: PdCustomFieldValue[]): IncidentRecord['causedBy'] {
  if (config.rootCauseField) {
    const f = fields.find((x) => x.name === config.rootCauseField);
    if (typeof f?.value === 'string' && f.value.trim()) {
      const c = parseRootCauseValue(f.value, config.defaultRepo);
      if (c) return c;
    }
  }
  const ordered = [...notes].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  return parseRootCauseFromTexts(
    ordered.map((n) => n.content),
    config.defaultRepo,
  );
}

/**
 * A REST incident → incident record. `resolvedAt` is `resolved_at`, else `last_status_change_at`
 * when the status is resolved; severity is the priority name (P1…) when set, else the urgency.
 */
export function mapIncident(config: MapConfig, inc: PdIncident, notes: PdNote[] = [], fields: PdCustomFieldValue[] = []): IncidentRecord {
  const resolved = inc.status === 'resolved';
  return {
    type: 'incident',
    id: incidentId(inc.id),
    service: serviceKey(config, inc.service),
    title: inc.title || inc.summary || inc.id,
    severity: inc.priority?.summary || inc.urgency || null,
    openedAt: inc.created_at,
    resolvedAt: resolved ? (inc.resolved_at ?? inc.last_status_change_at ?? null) : null,
    causedBy: rootCause(config, notes, fields),
  };
}
