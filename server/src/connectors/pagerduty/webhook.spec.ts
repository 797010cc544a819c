import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateRecord } from '../../ingest/records.schema.js';
import { WebhookPayloadError, type WebhookRequest } from '../connector.js';
import { pagerdutyConfigSchema } from './config.js';
import { pagerdutyWebhookHandler } from './webhook.js';

/** PagerDuty v3 deliveries (fixtures in test/fixtures/pagerduty follow PagerDuty's documented payloads). */

const FIXTURES = join(process.cwd(), 'test/fixtures/pagerduty');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, `${name}.json`));
const SECRET = 'pd-webhook-secret';
const config = pagerdutyConfigSchema.parse({ services: { PF9KMXH: 'api' } });

const sig = (body: Buffer, secret = SECRET): string => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
const req = (body: Buffer, signature?: string): WebhookRequest => ({
  rawBody: body,
  headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signature ?? sig(body) },
});

function deliver(name: string): ReturnType<typeof pagerdutyWebhookHandler.map> {
  const r = req(fixture(name));
  expect(pagerdutyWebhookHandler.verify!(r, { webhookSecret: SECRET })).toBe(true);
  const d = pagerdutyWebhookHandler.map(r, config);
  for (const rec of d.records) expect(validateRecord(rec)).toMatchObject({ ok: true });
  return d;
}

describe('PagerDuty webhook signature (X-PagerDuty-Signature v1)', () => {
  const body = fixture('incident.triggered');
  const verify = (header: string | undefined, secrets: Record<string, string> = { webhookSecret: SECRET }): boolean =>
    pagerdutyWebhookHandler.verify!({ rawBody: body, headers: { 'x-pagerduty-signature': header } }, secrets);

  it('accepts the valid signature', () => {
    expect(verify(sig(body))).toBe(true);
  });

  it('accepts any matching signature among several (secret rotation), in any position', () => {
    const other = sig(body, 'the old secret');
    expect(verify(`${other},${sig(body)}`)).toBe(true);
    expect(verify(`${sig(body)}, ${other}`)).toBe(true);
  });

  it('rejects wrong, tampered, truncated, non-v1 and missing signatures, and a source without a secret', () => {
    expect(verify(sig(body, 'wrong'))).toBe(false);
    expect(verify(sig(Buffer.concat([body, Buffer.from(' ')])))).toBe(false);
    expect(verify(sig(body).slice(0, -1))).toBe(false);
    expect(verify(sig(body).replace('v1=', 'v0='))).toBe(false);
    expect(verify(`${sig(body, 'a')},${sig(body, 'b')}`)).toBe(false);
    expect(verify(undefined)).toBe(false);
    expect(verify('')).toBe(false);
    expect(verify(sig(body), {})).toBe(false);
  });
});

describe('PagerDuty v3 events → incident records', () => {
  const base = {
    type: 'incident',
    id: 'pagerduty:PGR0VU2',
    service: 'api', // PF9KMXH mapped
    title: 'A little bump in the road',
    openedAt: '2020-04-09T15:16:27Z',
  };

  it('incident.triggered: open, severity from the urgency when no priority', () => {
    expect(deliver('incident.triggered')).toEqual({
      deliveryId: '01CSD0RZ7QHJ3A1C0X2T0MN4A1',
      event: 'incident.triggered',
      records: [{ ...base, severity: 'high', resolvedAt: null }],
    });
  });

  it('incident.acknowledged and incident.reopened: still open', () => {
    expect(deliver('incident.acknowledged').records).toEqual([{ ...base, severity: 'high', resolvedAt: null }]);
    expect(deliver('incident.reopened').records).toEqual([{ ...base, severity: 'P1', resolvedAt: null }]);
  });

  it('incident.priority_updated (the documented example): severity is the priority', () => {
    const d = deliver('incident.priority_updated');
    expect(d.deliveryId).toBe('5ac64822-4adc-4fda-ade0-410becf0de4f');
    expect(d.records).toEqual([{ ...base, severity: 'P1', resolvedAt: null }]);
  });

  it('incident.resolved: the resolution time is the event time (v3 incident data has none)', () => {
    expect(deliver('incident.resolved').records).toEqual([{ ...base, severity: 'P1', resolvedAt: '2020-04-09T16:01:44.870Z' }]);
  });

  it('a later event about a resolved incident, without a resolve time, yields nothing rather than reopening it', () => {
    expect(deliver('incident.priority_updated.after_resolve').records).toEqual([]);
  });

  it('incident.annotated (a note, no incident data) and service events yield no records', () => {
    expect(deliver('incident.annotated')).toMatchObject({ deliveryId: '01CSD0X5Z1C3V5B7N9M2K4J6HG', event: 'incident.annotated', records: [] });
    expect(deliver('service.updated')).toMatchObject({ event: 'service.updated', records: [] });
  });

  it('unmapped services keep the PagerDuty service name; a name mapping applies', () => {
    const r = req(fixture('incident.triggered'));
    expect(pagerdutyWebhookHandler.map(r, pagerdutyConfigSchema.parse({})).records[0]).toMatchObject({ service: 'API Service' });
    expect(pagerdutyWebhookHandler.map(r, pagerdutyConfigSchema.parse({ servicesByName: { 'API Service': 'api-svc' } })).records[0]).toMatchObject({ service: 'api-svc' });
  });

  it('names the field of a malformed body', () => {
    const field = (body: string): string => {
      try {
        pagerdutyWebhookHandler.map(req(Buffer.from(body)), config);
      } catch (e) {
        expect(e).toBeInstanceOf(WebhookPayloadError);
        return (e as WebhookPayloadError).field;
      }
      throw new Error('expected a WebhookPayloadError');
    };
    expect(field('not json')).toBe('body');
    expect(field('{}')).toBe('event');
    expect(field('{"event":{"event_type":"incident.triggered"}}')).toBe('event.id');
    expect(field('{"event":{"id":"x"}}')).toBe('event.event_type');
    expect(field('{"event":{"id":"x","event_type":"incident.triggered","data":{"type":"incident","id":"P1","status":"triggered"}}}')).toBe('event.data.created_at');
  });
});
