import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { cdeventsWebhookHandler } from './cdevents/cdevents.handler.js';
import type { Connector, SourceKind, WebhookHandler } from './connector.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { createGitConnector } from './git/git.connector.js';
import { githubConnector, githubWebhookHandler } from './github/index.js';
import { pagerdutyConnector, pagerdutyWebhookHandler } from './pagerduty/index.js';

/** Every connector and webhook handler. To add a source kind, add its objects here. */
export interface ConnectorDeps {
  gitCacheDir: string;
}

export function connectorList(deps: ConnectorDeps): Connector<any, any>[] {
  return [createGitConnector({ gitCacheDir: deps.gitCacheDir }), githubConnector, pagerdutyConnector];
}

export const WEBHOOK_HANDLERS: readonly WebhookHandler<any>[] = [cdeventsWebhookHandler, githubWebhookHandler, pagerdutyWebhookHandler];

const EMPTY_CONFIG = z.object({}).strict();

/** The lists above as an injectable (tests swap a connector for a fake with `override`). */
@Injectable()
export class ConnectorRegistry {
  private readonly connectors: Map<SourceKind, Connector<any, any>>;
  private readonly handlers = new Map<SourceKind, WebhookHandler<any>>(WEBHOOK_HANDLERS.map((h) => [h.kind, h]));

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connectors = new Map(connectorList({ gitCacheDir: config.connectors.gitCacheDir }).map((c) => [c.kind, c]));
  }

  kinds(): SourceKind[] {
    return [...new Set([...this.connectors.keys(), ...this.handlers.keys()])].sort();
  }

  connector(kind: string): Connector<any, any> | null {
    return this.connectors.get(kind as SourceKind) ?? null;
  }

  webhookHandler(kind: string): WebhookHandler<any> | null {
    return this.handlers.get(kind as SourceKind) ?? null;
  }

  /** the schema validating a source's config: the connector's, else the webhook handler's */
  configSchema(kind: string): z.ZodType | null {
    const c = this.connector(kind);
    if (c) return c.configSchema;
    const h = this.webhookHandler(kind);
    return h ? (h.configSchema ?? EMPTY_CONFIG) : null;
  }

  secretKeys(kind: string): readonly string[] {
    return [...new Set([...(this.connector(kind)?.secretKeys ?? []), ...(this.webhookHandler(kind)?.secretKeys ?? [])])];
  }

  /** tests: replace (or add) the connector of a kind */
  override(connector: Connector<any, any>): void {
    this.connectors.set(connector.kind, connector);
  }

  overrideHandler(handler: WebhookHandler<any>): void {
    this.handlers.set(handler.kind, handler);
  }
}
