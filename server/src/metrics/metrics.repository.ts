import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DeploymentDay } from './deployment-frequency.js';
import type { Period } from './period.js';

/** Deployments in scope: the service or the repository is owned by one of the squads. */
const DEPLOYMENT_SCOPE = `($1::text[] IS NULL
  OR d.service IN (SELECT key FROM services WHERE squads && $1::text[])
  OR d.repo IN (SELECT key FROM repositories WHERE squads && $1::text[]))`;

const PERIOD = `d.finished_at >= ($2::date)::timestamp AT TIME ZONE $4 AND d.finished_at < ($3::date)::timestamp AT TIME ZONE $4`;

export interface DeploymentEventRow {
  id: string;
  service: string;
  repo: string | null;
  environment: string;
  sha: string | null;
  status: string;
  startedAt: string | null;
  finishedAt: string;
  rollback: boolean;
  squads: string[];
}

@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Successful production deployments finished in the period, with their local finish date. */
  async productionDeploymentDays(squads: string[] | null, period: Period, productionPattern: string): Promise<DeploymentDay[]> {
    return (await this.dataSource.query(
      `SELECT d.id, to_char(d.finished_at AT TIME ZONE $4, 'YYYY-MM-DD') AS "localDate"
       FROM deployments d
       WHERE d.status = 'success' AND d.environment ~* $5 AND ${PERIOD} AND ${DEPLOYMENT_SCOPE}`,
      [squads, period.from, period.to, period.timeZone, productionPattern],
    )) as DeploymentDay[];
  }

  /** The drill-down rows behind deployment_frequency, newest first, keyset-paged. */
  async productionDeployments(
    squads: string[] | null,
    period: Period,
    productionPattern: string,
    after: { finishedAt: string; id: string } | null,
    limit: number,
  ): Promise<DeploymentEventRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT d.id, d.service, d.repo, d.environment, d.sha, d.status, d.started_at AS "startedAt",
              d.finished_at AS "finishedAt", COALESCE(d.rollback, false) AS rollback,
              COALESCE((SELECT array_agg(DISTINCT s) FROM (
                 SELECT unnest(v.squads) AS s FROM services v WHERE v.key = d.service
                 UNION SELECT unnest(r.squads) FROM repositories r WHERE r.key = d.repo) owners), '{}') AS squads
       FROM deployments d
       WHERE d.status = 'success' AND d.environment ~* $5 AND ${PERIOD} AND ${DEPLOYMENT_SCOPE}
         AND ($6::timestamptz IS NULL OR (d.finished_at, d.id) < ($6::timestamptz, $7::text))
       ORDER BY d.finished_at DESC, d.id DESC
       LIMIT $8`,
      [squads, period.from, period.to, period.timeZone, productionPattern, after?.finishedAt ?? null, after?.id ?? null, limit],
    )) as (Omit<DeploymentEventRow, 'startedAt' | 'finishedAt'> & { startedAt: Date | null; finishedAt: Date })[];
    return rows.map((r) => ({ ...r, startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt.toISOString() }));
  }
}
