import type { CanonicalRecord } from '@bearing/shared';
import type { z } from 'zod';

/**
 * The connector contract. Every source (git, GitHub, PagerDuty, CDEvents) is:
 *   - a client (HTTP/git I/O only, injectable so tests point it at local fake servers),
 *   - a pure mapper (payload → canonical records, no I/O),
 *   - and this `Connector` object, which the framework (sources, scheduler, run log) drives.
 * Connectors never touch the database: they hand batches to `SyncContext.commit`, which
 * upserts the records, stores the raw payloads and saves the cursor in ONE transaction, so a
 * run that dies mid-way resumes from its last committed cursor and re-ingesting is idempotent.
 */

export type SourceKind = 'git' | 'github' | 'pagerduty' | 'cdevents';

/** A raw payload kept in `raw_events` (unique on source + externalId) so mappers can be replayed. */
export interface RawPayload {
  /** e.g. `github:<sourceId>` */
  source: string;
  /** delivery id, or item id + version (e.g. `pull_request:acme/api#12@2026-03-01T10:00:00Z`) */
  externalId: string;
  payload: unknown;
}

export interface SyncBatch<Cursor> {
  records: CanonicalRecord[];
  raw?: RawPayload[];
  /** the cursor reached once this batch is stored */
  cursor: Cursor;
  /**
   * Path ownership read from a repository's CODEOWNERS (no canonical record type holds it):
   * replaces the repository's `code_owners` rows in the same transaction. (Additive, issue 4.)
   */
  codeOwners?: CodeOwnersSnapshot[];
}

export interface CodeOwnersSnapshot {
  repo: string;
  /** the commit the file was read at */
  sha: string;
  /** where the file was found; null = the repository has none (its rows are removed) */
  path: string | null;
  /** in file order; the last matching rule wins */
  rules: { pattern: string; owners: string[] }[];
}

export interface SyncLogger {
  log(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface SyncContext<Config, Cursor> {
  sourceId: string;
  /** validated, non-secret configuration (the connector's `configSchema`) */
  config: Config;
  /** decrypted secrets, keys from `secretKeys`; never log them */
  secrets: Readonly<Record<string, string>>;
  /** the last committed cursor, null on the first run */
  cursor: Cursor | null;
  /** upserts records + raw payloads and saves the cursor in one transaction */
  commit(batch: SyncBatch<Cursor>): Promise<void>;
  /** aborted when the server shuts down or the run exceeds its time limit */
  signal: AbortSignal;
  logger: SyncLogger;
  /** the clock (injectable) */
  now(): Date;
}

export interface Connector<Config = unknown, Cursor = unknown> {
  readonly kind: SourceKind;
  /** validates the source's non-secret config (admin API rejects bad config with the field named) */
  readonly configSchema: z.ZodType<Config>;
  /** names of the secrets this connector needs, e.g. ['token', 'webhookSecret'] */
  readonly secretKeys: readonly string[];
  /** one incremental run: fetch since ctx.cursor, commit batches in order */
  sync(ctx: SyncContext<Config, Cursor>): Promise<void>;
}

/** What a webhook receiver hands a handler: headers (lower-cased) and the exact raw body bytes. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
}

export interface WebhookDelivery {
  /** unique per delivery (GitHub `x-github-delivery`, PagerDuty event id, CloudEvent id); replays are dropped */
  deliveryId: string;
  /** e.g. `pull_request.closed` — for logs and the run log */
  event: string;
  records: CanonicalRecord[];
  /**
   * Fields of `records[i]` the event did not carry, filled with placeholders so the record is
   * valid (a CDEvents `change.merged` names no author or branches): when the record is already
   * stored, the receiver keeps the stored value of these fields (pull requests). (Additive.)
   */
  placeholders?: Readonly<Record<number, readonly string[]>>;
}

/**
 * Thrown by a handler or mapper for a body it can't take: the receiver answers naming `field`,
 * `400` (`validation_failed`) for a malformed payload, or `422` (`event_rejected`) with
 * `unprocessable` for well-formed JSON that is not an event the receiver accepts (CDEvents: an
 * unsupported type, a schema violation, no value for a field a record needs).
 */
export class WebhookPayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly unprocessable = false,
  ) {
    super(message);
  }

  static unprocessable(field: string, message: string): WebhookPayloadError {
    return new WebhookPayloadError(field, message, true);
  }
}

export interface WebhookHandler<Config = unknown> {
  readonly kind: SourceKind;
  /**
   * 'signature': `verify` checks an HMAC over the raw body with the source's secrets (constant-time);
   * 'token': the receiver requires a bearer API token with the `ingest` scope (CDEvents).
   */
  readonly auth: 'signature' | 'token';
  /**
   * Validates the config of a webhook-only source kind (one without a `Connector`, e.g. CDEvents).
   * Ignored when the kind also has a Connector: its `configSchema` wins. (Additive, issue 4.)
   */
  readonly configSchema?: z.ZodType<Config>;
  /** secrets `verify` reads (e.g. ['webhookSecret']); the admin API accepts these besides the connector's. (Additive.) */
  readonly secretKeys?: readonly string[];
  verify?(req: WebhookRequest, secrets: Readonly<Record<string, string>>): boolean;
  /** pure: a delivery's records; an event the handler ignores yields `records: []` */
  map(req: WebhookRequest, config: Config): WebhookDelivery;
}
