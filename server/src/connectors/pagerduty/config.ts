import { z } from 'zod';

const pdId = z.string().trim().regex(/^[A-Z0-9]{2,20}$/, 'must be a PagerDuty id such as PIJ90N7');
const serviceKey = z.string().trim().min(1).max(512);

/** Non-secret configuration of a PagerDuty source (secrets: `token`, `webhookSecret`). */
export const pagerdutyConfigSchema = z.object({
  /** https://api.pagerduty.com (https://api.eu.pagerduty.com for the EU service region) */
  baseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('https://api.pagerduty.com'),
  /** PagerDuty service id → Bearing service key */
  services: z.record(pdId, serviceKey).default({}),
  /** PagerDuty service name → Bearing service key (used when the id is not mapped) */
  servicesByName: z.record(z.string().min(1).max(512), serviceKey).default({}),
  /** only incidents of these services (default: all) */
  serviceIds: z.array(pdId).max(500).default([]),
  /** only incidents of these teams (default: all) */
  teamIds: z.array(pdId).max(500).default([]),
  /** first sync: how far back (days) */
  backfillDays: z.number().int().min(1).max(3650).default(90),
  /** each run re-reads incidents created this long before the cursor (PagerDuty updates old incidents) */
  overlapHours: z.number().int().min(0).max(24 * 90).default(72),
  /** read `/incidents/{id}/notes` for `root cause:` lines */
  fetchNotes: z.boolean().default(true),
  /** name of an incident custom field holding the root cause (same syntax as the note line's value) */
  rootCauseField: z.string().min(1).max(200).optional(),
  /** repository for a bare `#123` in a root cause (otherwise write `owner/repo#123`) */
  defaultRepo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name').optional(),
});

export type PagerdutyConfig = z.output<typeof pagerdutyConfigSchema>;

export interface PagerdutyCursor {
  v: 1;
  /** incidents created before this instant (minus the overlap) have been read */
  since: string;
  /** unresolved incidents to re-read even when they fall out of the overlap window */
  open: string[];
}
