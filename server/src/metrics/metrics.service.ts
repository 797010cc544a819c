import { Injectable } from '@nestjs/common';
import {
  type MetricEventsResponse,
  type MetricKey,
  type MetricValue,
  type MetricsResponse,
  isMetricKey,
} from '@bearing/shared';
import { DomainError, invalidField } from '../common/errors.js';
import { OrgService } from '../org/org.service.js';
import { parseScope } from '../org/scope.js';
import { deploymentFrequency } from './deployment-frequency.js';
import { MetricsRepository } from './metrics.repository.js';
import { parsePeriod } from './period.js';

export interface MetricsQuery {
  scope?: string;
  from?: string;
  to?: string;
  interval?: string;
  metrics?: string;
  cursor?: string;
  limit?: string;
}

/** Metrics computed so far; the others arrive with the metrics engine and are rejected by name. */
export const AVAILABLE_METRICS: MetricKey[] = ['deployment_frequency'];

export const RULES: Partial<Record<MetricKey, string>> = {
  deployment_frequency:
    "successful-production-deployment: status is success, environment matches the org's production pattern, finished within [from, to) in the org time zone",
};

function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { finishedAt: string; id: string } | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { finishedAt?: unknown; id?: unknown };
    if (typeof v.finishedAt === 'string' && typeof v.id === 'string' && !Number.isNaN(Date.parse(v.finishedAt))) {
      return { finishedAt: v.finishedAt, id: v.id };
    }
  } catch {
    // fall through
  }
  throw invalidField('cursor', 'is not a cursor returned by this endpoint');
}

@Injectable()
export class MetricsService {
  constructor(
    private readonly org: OrgService,
    private readonly repository: MetricsRepository,
  ) {}

  private parseKeys(value: string | undefined): MetricKey[] {
    if (value === undefined || value.trim() === '') return AVAILABLE_METRICS;
    const keys = value.split(',').map((k) => k.trim()).filter(Boolean);
    for (const k of keys) {
      if (!isMetricKey(k)) throw invalidField('metrics', `unknown metric '${k.slice(0, 64)}'`);
      if (!AVAILABLE_METRICS.includes(k)) throw invalidField('metrics', `metric '${k}' is not computed yet`);
    }
    return [...new Set(keys)] as MetricKey[];
  }

  async metrics(query: MetricsQuery): Promise<MetricsResponse> {
    const settings = await this.org.settings();
    const period = parsePeriod(query, settings.timeZone);
    const keys = this.parseKeys(query.metrics);
    const scope = await this.org.resolve(parseScope(query.scope));
    const metrics: Partial<Record<MetricKey, MetricValue>> = {};
    for (const key of keys) {
      if (key === 'deployment_frequency') {
        const rows = await this.repository.productionDeploymentDays(scope.squads, period, settings.productionPattern);
        metrics[key] = deploymentFrequency(rows, period);
      }
    }
    return { scope: this.org.describe(scope), from: period.from, to: period.to, interval: period.interval, timeZone: period.timeZone, metrics };
  }

  async events(key: string, query: MetricsQuery): Promise<MetricEventsResponse> {
    if (!isMetricKey(key)) throw new DomainError('not_found', `unknown metric '${key.slice(0, 64)}'`, { field: 'key' });
    if (!AVAILABLE_METRICS.includes(key)) throw invalidField('key', `metric '${key}' is not computed yet`);
    const settings = await this.org.settings();
    const period = parsePeriod(query, settings.timeZone);
    const scope = await this.org.resolve(parseScope(query.scope));
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalidField('limit', 'must be an integer between 1 and 1000');
    const after = decodeCursor(query.cursor);
    const rows = await this.repository.productionDeployments(scope.squads, period, settings.productionPattern, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      metric: key,
      scope: this.org.describe(scope),
      from: period.from,
      to: period.to,
      rule: RULES[key]!,
      rows: page.map((r) => ({ deployment: r, rule: 'successful-production-deployment' })),
      nextCursor: rows.length > limit && last ? encodeCursor({ finishedAt: last.finishedAt, id: last.id }) : null,
    };
  }
}
