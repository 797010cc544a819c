import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface AuditEntry {
  action: string;
  outcome: 'success' | 'failure';
  actorId?: string | null;
  actorLabel?: string | null;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  outcome: string;
  actorId: string | null;
  actorLabel: string | null;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(e: AuditEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_log (action, outcome, actor_id, actor_label, target, ip, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.action, e.outcome, e.actorId ?? null, e.actorLabel ?? null, e.target ?? null, e.ip ?? null, e.details ? JSON.stringify(e.details) : null],
    );
  }

  /** Newest first; `before` is the id cursor of the last row of the previous page. */
  async list(q: { limit: number; before: string | null; action: string | null }): Promise<AuditRow[]> {
    return (await this.dataSource.query(
      `SELECT id::text AS id, at, action, outcome, actor_id AS "actorId", actor_label AS "actorLabel", target, ip, details
       FROM audit_log
       WHERE ($1::bigint IS NULL OR id < $1::bigint) AND ($2::text IS NULL OR action = $2 OR action LIKE $2 || '.%')
       ORDER BY audit_log.id DESC LIMIT $3`,
      [q.before, q.action, q.limit],
    )) as AuditRow[];
  }

  /** Failed sign-ins from this address for this email in the last `windowSeconds`, and when the oldest leaves the window. */
  async recentLoginAttempts(ip: string | null, email: string, windowSeconds: number): Promise<{ count: number; retryAfterSeconds: number }> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS count,
              COALESCE(ceil(extract(epoch FROM min(at) + make_interval(secs => $3) - now())), 0)::int AS "retryAfterSeconds"
       FROM audit_log
       WHERE action = 'login' AND outcome = 'failure' AND ip IS NOT DISTINCT FROM $1 AND target = $2 AND at > now() - make_interval(secs => $3)`,
      [ip, email, windowSeconds],
    )) as { count: number; retryAfterSeconds: number }[];
    return rows[0]!;
  }
}
