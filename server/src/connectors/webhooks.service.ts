import { Injectable, Logger } from '@nestjs/common';
import type { RecordType } from '@bearing/shared';
import { forbidden, unauthenticated } from '../auth/auth.errors.js';
import { isUuid } from '../auth/dto/validation.js';
import { ApiTokenService } from '../auth/services/api-token.service.js';
import { DomainError, invalidField } from '../common/errors.js';
import { ImportService } from '../ingest/import.service.js';
import { IngestRepository } from '../ingest/ingest.repository.js';
import { mergeIncidentUpdates } from './incident-merge.js';
import { mergePullRequestUpdates } from './pull-request-merge.js';
import { SyncMetrics } from '../observability/sync.metrics.js';
import { WebhookPayloadError, type WebhookHandler, type WebhookRequest } from './connector.js';
import { ConnectorRegistry } from './registry.js';
import { SourceSecrets } from './source-secrets.service.js';
import { type SourceRow, SourcesRepository } from './sources.repository.js';

export interface WebhookInput {
  kind: string;
  sourceId: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** the exact bytes received; undefined when the body was not JSON */
  rawBody: Buffer | undefined;
}

export type WebhookResult =
  | { duplicate: true; deliveryId: string }
  | { accepted: true; duplicate: false; deliveryId: string; event: string; records: number; byType: Partial<Record<RecordType, number>> }
  | { ignored: true; duplicate: false; deliveryId: string; event: string };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The webhook receiver: resolves the source, authenticates the delivery (signature over the raw
 * bytes, or an `ingest` token), maps it (pure handler) and commits the records with the raw
 * payload in one transaction; a replayed delivery id stores nothing.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly repository: SourcesRepository,
    private readonly secrets: SourceSecrets,
    private readonly tokens: ApiTokenService,
    private readonly ingest: ImportService,
    private readonly metrics: SyncMetrics,
    private readonly incidents: IngestRepository,
  ) {}

  async receive(input: WebhookInput): Promise<WebhookResult> {
    const handler = this.registry.webhookHandler(input.kind);
    if (!handler) throw new DomainError('not_found', `no webhook receiver for '${input.kind.slice(0, 32)}'`, { field: 'kind' });
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    if (handler.auth === 'token') await this.requireIngestToken(handler, headers);
    const source = await this.resolveSource(handler.kind, input.sourceId);
    const req: WebhookRequest = { headers, rawBody: input.rawBody ?? Buffer.alloc(0) };
    if (handler.auth === 'signature') {
      let ok = false;
      try {
        ok = handler.verify?.(req, this.secrets.decrypt(source.secretsEncrypted)) === true;
      } catch {
        ok = false;
      }
      if (!ok) {
        this.metrics.webhook(handler.kind, 'unauthorized');
        throw unauthenticated('Missing or invalid webhook signature.');
      }
    }
    if (input.rawBody === undefined) {
      throw new DomainError('unsupported_media_type', 'Content-Type must be application/json (or application/cloudevents+json)', { field: 'Content-Type' });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(input.rawBody.toString('utf8'));
    } catch {
      throw invalidField('body', 'invalid JSON');
    }
    const config = (this.registry.configSchema(handler.kind)?.safeParse(source.config).data ?? source.config) as unknown;
    let delivery;
    try {
      delivery = handler.map(req, config);
    } catch (err) {
      if (err instanceof WebhookPayloadError) {
        this.metrics.webhook(handler.kind, 'rejected');
        if (err.unprocessable) throw new DomainError('event_rejected', err.message, { field: err.field });
        throw invalidField(err.field, err.message);
      }
      throw err;
    }
    if (delivery.records.length === 0) {
      this.logger.log({ kind: handler.kind, sourceId: source.id, event: delivery.event, deliveryId: delivery.deliveryId }, 'webhook ignored');
      return { ignored: true, duplicate: false, deliveryId: delivery.deliveryId, event: delivery.event };
    }
    const incidentIds = delivery.records.flatMap((r) => (r.type === 'incident' ? [r.id] : []));
    let records = incidentIds.length ? mergeIncidentUpdates(delivery.records, await this.incidents.incidents(incidentIds)) : delivery.records;
    const partialPrs = delivery.placeholders
      ? records.flatMap((r, i) => (r.type === 'pull_request' && delivery.placeholders![i]?.length ? [{ repo: r.repo, number: r.number }] : []))
      : [];
    if (partialPrs.length) records = mergePullRequestUpdates(records, await this.incidents.pullRequests(partialPrs), delivery.placeholders);
    const outcome = await this.ingest.ingestBatch(records, {
      raw: [{ source: `${handler.kind}:${source.id}`, externalId: delivery.deliveryId, payload }],
      dedupe: true,
    });
    this.metrics.webhook(handler.kind, outcome.duplicate ? 'duplicate' : 'accepted');
    this.logger.log(
      { kind: handler.kind, sourceId: source.id, event: delivery.event, deliveryId: delivery.deliveryId, duplicate: outcome.duplicate, records: outcome.byType },
      'webhook received',
    );
    if (outcome.duplicate) return { duplicate: true, deliveryId: delivery.deliveryId };
    return { accepted: true, duplicate: false, deliveryId: delivery.deliveryId, event: delivery.event, records: delivery.records.length, byType: outcome.byType };
  }

  private async requireIngestToken(handler: WebhookHandler<unknown>, headers: Record<string, string | undefined>): Promise<void> {
    const m = BEARER.exec(headers.authorization ?? '');
    const principal = m ? await this.tokens.authenticate(m[1]!) : null;
    if (!principal) {
      this.metrics.webhook(handler.kind, 'unauthorized');
      throw unauthenticated('Send an API token with the ingest scope (Authorization: Bearer …).');
    }
    if (!principal.tokenScopes.some((s) => s === 'ingest' || s === 'admin')) throw forbidden('This receiver needs a token with the ingest scope.');
  }

  /** `?source=<id>`, or the one enabled source of the kind when omitted. */
  private async resolveSource(kind: string, sourceId: string | undefined): Promise<SourceRow> {
    if (sourceId !== undefined) {
      const s = isUuid(sourceId) ? await this.repository.find(sourceId) : null;
      if (!s || s.kind !== kind) throw new DomainError('not_found', `no ${kind} source '${sourceId.slice(0, 64)}'`, { field: 'source' });
      if (!s.enabled) throw new DomainError('conflict', `source '${s.name}' is disabled`, { field: 'source' });
      return s;
    }
    const enabled = await this.repository.enabledOfKind(kind);
    if (enabled.length === 0) throw new DomainError('not_found', `no enabled ${kind} source: add one (POST /api/v1/sources)`, { field: 'source' });
    if (enabled.length > 1) throw invalidField('source', `several ${kind} sources are enabled: add ?source=<id> (see the source's webhookPath)`);
    return enabled[0]!;
  }
}
