import { WebhookPayloadError, type WebhookHandler, type WebhookRequest } from '../connector.js';
import { type CdeventsConfig, cdeventsConfigSchema, mapCdevent } from './cdevents.mapper.js';

/** The CDEvents receiver: a bearer token with the `ingest` scope (no signature). */
export const cdeventsWebhookHandler: WebhookHandler<CdeventsConfig> = {
  kind: 'cdevents',
  auth: 'token',
  configSchema: cdeventsConfigSchema,
  map(req: WebhookRequest, config: CdeventsConfig) {
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      throw new WebhookPayloadError('body', 'body: invalid JSON');
    }
    return mapCdevent(body, cdeventsConfigSchema.parse(config ?? {}));
  },
};
