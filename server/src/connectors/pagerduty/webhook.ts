import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CanonicalRecord } from '@bearing/shared';
import { WebhookPayloadError, type WebhookDelivery, type WebhookHandler, type WebhookRequest } from '../connector.js';
import type { PagerdutyConfig } from './config.js';
import { incidentId, serviceKey, type PdIncident } from './mapper.js';

/**
 * PagerDuty v3 webhooks: `X-PagerDuty-Signature` verification and event → incident record.
 * Every `incident.*` event whose `event.data.type` is `incident` (triggered, acknowledged,
 * unacknowledged, resolved, reopened, priority_updated, escalated, reassigned, delegated…)
 * carries the incident and yields its record. Events about a note, a responder or a status
 * update (`incident.annotated`, `incident.responder.*`, `incident.status_update_published`)
 * carry only an incident reference — no open time — so they yield no record; the scheduled sync
 * reads notes (root cause lines). Service events and pings → no records.
 */

/** `v1=<hex>[,v1=<hex>…]`: any signature matching HMAC-SHA256(rawBody, secret) passes (constant-time). */
export function verifyPagerdutySignature(rawBody: Buffer, header: string | undefined, secret: string | undefined): boolean {
  if (!secret || !header) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  let ok = false;
  for (const part of header.split(',')) {
    const m = /^\s*v1=([0-9a-f]{64})\s*$/i.exec(part);
    if (!m) continue;
    const given = Buffer.from(m[1]!, 'hex');
    // no early exit: every candidate is compared
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}

interface PdEvent {
  id?: unknown;
  event_type?: unknown;
  resource_type?: unknown;
  occurred_at?: unknown;
  data?: unknown;
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || !v) throw new WebhookPayloadError(field, 'is required and must be a string');
  return v;
}

/** Pure: the records of one v3 event. */
export function mapPagerdutyEvent(event: PdEvent, config: PagerdutyConfig): CanonicalRecord[] {
  const type = str(event.event_type, 'event.event_type');
  const data = event.data as (PdIncident & { type?: string; number?: number }) | null | undefined;
  if (!type.startsWith('incident.') || !data || typeof data !== 'object' || data.type !== 'incident') return [];
  const id = str(data.id, 'event.data.id');
  const createdAt = str(data.created_at, 'event.data.created_at');
  const status = str(data.status, 'event.data.status');
  let resolvedAt: string | null = null;
  if (status === 'resolved') {
    // v3 incident data has no resolve time: the resolved event's own time is it
    resolvedAt = data.resolved_at ?? (type === 'incident.resolved' ? str(event.occurred_at, 'event.occurred_at') : null);
    // a later event about a resolved incident without that time would mark it open again: skip it
    if (!resolvedAt) return [];
  }
  return [
    {
      type: 'incident',
      id: incidentId(id),
      service: serviceKey(config, data.service),
      title: data.title || data.summary || id,
      severity: data.priority?.summary || data.urgency || null,
      openedAt: createdAt,
      resolvedAt,
    },
  ];
}

export const pagerdutyWebhookHandler: WebhookHandler<PagerdutyConfig> = {
  kind: 'pagerduty',
  auth: 'signature',
  verify(req: WebhookRequest, secrets: Readonly<Record<string, string>>): boolean {
    return verifyPagerdutySignature(req.rawBody, req.headers['x-pagerduty-signature'], secrets.webhookSecret);
  },
  map(req: WebhookRequest, config: PagerdutyConfig): WebhookDelivery {
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      throw new WebhookPayloadError('body', 'must be JSON');
    }
    const event = (body as { event?: unknown } | null)?.event;
    if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new WebhookPayloadError('event', 'is required and must be an object');
    const e = event as PdEvent;
    const deliveryId = str(e.id, 'event.id');
    const type = str(e.event_type, 'event.event_type');
    return { deliveryId, event: type, records: mapPagerdutyEvent(e, config) };
  },
};
