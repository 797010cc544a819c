import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { SourceKindName, SourceView, SyncRunView, SyncRunsResponse } from '@bearing/shared';
import { z } from 'zod';
import { AuditService } from '../auth/services/audit.service.js';
import type { Principal } from '../auth/auth.types.js';
import { isUuid } from '../auth/dto/validation.js';
import { invalidField } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock } from '../common/clock.js';
import { ConnectorRegistry } from './registry.js';
import { DEFAULT_CRON, cronProblem, nextRun } from './schedule.js';
import { SourceSecrets } from './source-secrets.service.js';
import { sourceNameTaken, sourceNotFound } from './sources.errors.js';
import { type SourceRow, type SyncRunRow, SourcesRepository } from './sources.repository.js';

const SourceBody = z
  .object({
    kind: z.string(),
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    config: z.record(z.string(), z.unknown()).optional(),
    secrets: z.record(z.string(), z.string().max(20_000, 'must be at most 20000 characters')).optional(),
    cron: z.string().max(200).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
const SourcePatch = SourceBody.partial().strict();

function firstIssue(err: z.ZodError, prefix: string): never {
  const issue = err.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw invalidField(path ? `${prefix}.${path}` : prefix, issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message);
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : null;
    throw invalidField(unknownKeys ? unknownKeys[0]! : path || 'body', unknownKeys ? 'is not a known field' : issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message);
  }
  return r.data;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function runView(r: SyncRunRow): SyncRunView {
  return {
    id: r.id,
    sourceId: r.sourceId,
    sourceName: r.sourceName,
    trigger: r.trigger as SyncRunView['trigger'],
    status: r.status as SyncRunView['status'],
    startedAt: r.startedAt.toISOString(),
    finishedAt: iso(r.finishedAt),
    cursorBefore: r.cursorBefore,
    cursorAfter: r.cursorAfter,
    recordsByType: r.recordsByType,
    error: r.error,
    warnings: r.warnings,
  };
}

/** Sources as data: validated config, encrypted secrets, cron, the admin audit trail and the run log. */
@Injectable()
export class SourcesService {
  constructor(
    private readonly repository: SourcesRepository,
    private readonly registry: ConnectorRegistry,
    private readonly secrets: SourceSecrets,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  view(s: SourceRow): SourceView {
    return {
      id: s.id,
      kind: s.kind as SourceKindName,
      name: s.name,
      config: s.config,
      secretsSet: [...s.secretNames].sort(),
      cron: s.cron,
      enabled: s.enabled,
      status: s.status as SourceView['status'],
      lastRunAt: iso(s.lastRunAt),
      lastSuccessAt: iso(s.lastSuccessAt),
      nextRunAt: iso(s.nextRunAt),
      lastError: s.lastError,
      consecutiveFailures: s.consecutiveFailures,
      webhookPath: this.registry.webhookHandler(s.kind) ? `/api/v1/webhooks/${s.kind}?source=${s.id}` : null,
      createdAt: s.createdAt.toISOString(),
    };
  }

  async list(): Promise<SourceView[]> {
    return (await this.repository.list()).map((s) => this.view(s));
  }

  async get(id: string): Promise<SourceView> {
    return this.view(await this.row(id));
  }

  async row(id: string): Promise<SourceRow> {
    const s = isUuid(id) ? await this.repository.find(id) : null;
    if (!s) throw sourceNotFound(id);
    return s;
  }

  private validateConfig(kind: string, config: Record<string, unknown>): Record<string, unknown> {
    const schema = this.registry.configSchema(kind)!;
    const r = schema.safeParse(config);
    if (!r.success) firstIssue(r.error, 'config');
    return r.data as Record<string, unknown>;
  }

  /** Merges secret changes (empty string clears) into the current ones, checking their names. */
  private mergeSecrets(kind: string, current: Record<string, string>, changes: Record<string, string> | undefined): Record<string, string> {
    const allowed = this.registry.secretKeys(kind);
    const next = { ...current };
    for (const [k, v] of Object.entries(changes ?? {})) {
      if (!allowed.includes(k)) {
        throw invalidField(`secrets.${k}`, allowed.length ? `is not a secret of ${kind} sources (expected ${allowed.join(', ')})` : `${kind} sources take no secrets`);
      }
      if (v === '') delete next[k];
      else next[k] = v;
    }
    return next;
  }

  private schedule(kind: string, cron: string, enabled: boolean, from: Date): Date | null {
    return enabled && this.registry.connector(kind) ? nextRun(cron, from, this.config.timeZone) : null;
  }

  async create(body: unknown, actor: Principal, ip: string | null): Promise<SourceView> {
    const input = parse(SourceBody, body);
    if (!this.registry.configSchema(input.kind)) throw invalidField('kind', `must be one of ${this.registry.kinds().join(', ')}`);
    const config = this.validateConfig(input.kind, input.config ?? {});
    const cron = input.cron?.trim() || DEFAULT_CRON;
    const problem = cronProblem(cron);
    if (problem) throw invalidField('cron', problem);
    const secrets = this.mergeSecrets(input.kind, {}, input.secrets);
    const enabled = input.enabled ?? true;
    const now = this.clock.now();
    const id = randomUUID();
    const ok = await this.repository.insert({
      id,
      kind: input.kind,
      name: input.name,
      config,
      secretsEncrypted: this.secrets.encrypt(secrets),
      secretNames: Object.keys(secrets),
      cron,
      enabled,
      // a new source syncs at the next tick, then on its cron
      nextRunAt: enabled && this.registry.connector(input.kind) ? now : null,
      now,
    });
    if (!ok) throw sourceNameTaken(input.name);
    await this.audit.recordChange(actor, 'source.create', `source:${id}`, ip, { kind: input.kind, name: input.name, cron, enabled, secretsSet: Object.keys(secrets) });
    return this.get(id);
  }

  async update(id: string, body: unknown, actor: Principal, ip: string | null): Promise<SourceView> {
    const current = await this.row(id);
    const input = parse(SourcePatch, body);
    if (input.kind !== undefined && input.kind !== current.kind) throw invalidField('kind', 'cannot be changed; create a new source');
    const config = input.config !== undefined ? this.validateConfig(current.kind, input.config) : current.config;
    const cron = input.cron !== undefined ? input.cron.trim() : current.cron;
    const problem = cronProblem(cron);
    if (problem) throw invalidField('cron', problem);
    const secretsChanged = input.secrets !== undefined && Object.keys(input.secrets).length > 0;
    const secrets = secretsChanged ? this.mergeSecrets(current.kind, this.secrets.decrypt(current.secretsEncrypted), input.secrets) : null;
    const enabled = input.enabled ?? current.enabled;
    const now = this.clock.now();
    const reschedule = cron !== current.cron || enabled !== current.enabled || current.nextRunAt === null;
    const result = await this.repository.update(id, {
      name: input.name ?? current.name,
      config,
      secretsEncrypted: secrets ? this.secrets.encrypt(secrets) : current.secretsEncrypted,
      secretNames: secrets ? Object.keys(secrets) : current.secretNames,
      cron,
      enabled,
      nextRunAt: reschedule ? this.schedule(current.kind, cron, enabled, now) : current.nextRunAt,
      now,
    });
    if (result === 'missing') throw sourceNotFound(id);
    if (result === 'taken') throw sourceNameTaken(input.name ?? current.name);
    await this.audit.recordChange(actor, 'source.update', `source:${id}`, ip, {
      fields: Object.keys(input).filter((k) => k !== 'secrets'),
      ...(secretsChanged ? { secretsChanged: Object.keys(input.secrets!) } : {}),
    });
    return this.get(id);
  }

  async remove(id: string, actor: Principal, ip: string | null): Promise<void> {
    const current = await this.row(id);
    if (!(await this.repository.delete(id))) throw sourceNotFound(id);
    await this.audit.recordChange(actor, 'source.delete', `source:${id}`, ip, { kind: current.kind, name: current.name });
  }

  async runs(q: { sourceId?: string; status?: string; limit?: string; cursor?: string }): Promise<SyncRunsResponse> {
    if (q.sourceId !== undefined) await this.row(q.sourceId);
    if (q.status !== undefined && !['running', 'succeeded', 'failed'].includes(q.status)) throw invalidField('status', "must be 'running', 'succeeded' or 'failed'");
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalidField('limit', 'must be an integer between 1 and 500');
    let before: { startedAt: Date; id: string } | null = null;
    if (q.cursor !== undefined) {
      const [at, runId] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
      if (!at || !runId || !isUuid(runId) || Number.isNaN(Date.parse(at))) throw invalidField('cursor', 'is not a cursor from a previous page');
      before = { startedAt: new Date(at), id: runId };
    }
    const rows = await this.repository.runs({ sourceId: q.sourceId ?? null, status: q.status ?? null, limit, before });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      rows: page.map(runView),
      nextCursor: rows.length > limit && last ? Buffer.from(`${last.startedAt.toISOString()}|${last.id}`).toString('base64url') : null,
    };
  }
}
