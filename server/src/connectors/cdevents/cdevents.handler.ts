import { WebhookPayloadError, type WebhookDelivery, type WebhookHandler, type WebhookRequest } from '../connector.js';
import { type CdeventsConfig, cdeventOf, cdeventsConfigSchema, mapCdevent } from './cdevents.mapper.js';
import { SUPPORTED_CDEVENT_TYPES, cdeventSchemaViolation, supportedCdevent } from './cdevents.schemas.js';

/**
 * The CDEvents receiver: a bearer token with the `ingest` scope (no signature). Each delivery is
 * checked in order — a supported type, then the CDEvents 0.5.1 schema of that type, then the
 * mapping — and any failure is a 422 naming the field; nothing is stored.
 */
export const cdeventsWebhookHandler: WebhookHandler<CdeventsConfig> = {
  kind: 'cdevents',
  auth: 'token',
  configSchema: cdeventsConfigSchema,
  map(req: WebhookRequest, config: CdeventsConfig): WebhookDelivery {
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      throw new WebhookPayloadError('body', 'body: invalid JSON');
    }
    const { event, wrapped } = cdeventOf(body);
    // paths name fields of the body as sent: inside a structured CloudEvent, under `data`
    const at = (field: string) => (wrapped ? `data.${field}` : field);
    const context = event.context;
    const type = typeof context === 'object' && context !== null ? (context as Record<string, unknown>).type : undefined;
    const name = typeof type === 'string' ? supportedCdevent(type) : null;
    if (!name) {
      const field = at('context.type');
      const what = typeof type === 'string' ? `'${type.slice(0, 100)}' is not supported` : 'is required';
      throw WebhookPayloadError.unprocessable(field, `${field}: ${what}; supported CDEvents 0.5.1 types: ${SUPPORTED_CDEVENT_TYPES.join(', ')}`);
    }
    const violation = cdeventSchemaViolation(name, event);
    if (violation) {
      const field = at(violation.field);
      throw WebhookPayloadError.unprocessable(field, `${field}: ${violation.message}`);
    }
    try {
      return mapCdevent(event, cdeventsConfigSchema.parse(config ?? {}));
    } catch (err) {
      if (err instanceof WebhookPayloadError && wrapped && !err.field.startsWith('config.')) {
        throw WebhookPayloadError.unprocessable(at(err.field), `${at(err.field)}${err.message.slice(err.field.length)}`);
      }
      throw err;
    }
  },
};
