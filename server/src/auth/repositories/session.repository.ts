import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface NewSession {
  id: string;
  tokenHash: string;
  userId: string;
  method: 'password' | 'oidc';
  idleSeconds: number;
  absoluteSeconds: number;
  ip: string | null;
  userAgent: string | null;
}

/** An unexpired session joined with its (enabled) user. */
export interface ActiveSession {
  id: string;
  userId: string;
  email: string;
  name: string;
  roles: string[];
  groups: string[];
  squads: string[];
  /** last use is older than the renewal interval: push the idle expiry forward */
  stale: boolean;
}

/** Sessions are renewed at most this often (not on every request). */
const RENEW_AFTER_SECONDS = 60;

@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(s: NewSession): Promise<{ expiresAt: Date; absoluteExpiresAt: Date }> {
    const rows = (await this.dataSource.query(
      `INSERT INTO sessions (id, token_hash, user_id, method, last_seen_at, expires_at, absolute_expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, now(),
               LEAST(now() + make_interval(secs => $5), now() + make_interval(secs => $6)),
               now() + make_interval(secs => $6), $7, $8)
       RETURNING expires_at AS "expiresAt", absolute_expires_at AS "absoluteExpiresAt"`,
      [s.id, s.tokenHash, s.userId, s.method, s.idleSeconds, s.absoluteSeconds, s.ip, s.userAgent?.slice(0, 512) ?? null],
    )) as { expiresAt: Date; absoluteExpiresAt: Date }[];
    return rows[0]!;
  }

  async findActive(tokenHash: string): Promise<ActiveSession | null> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.user_id AS "userId", u.email, u.name, u.roles, u.groups, u.squads,
              s.last_seen_at < now() - make_interval(secs => $2) AS stale
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [tokenHash, RENEW_AFTER_SECONDS],
    )) as ActiveSession[];
    return rows[0] ?? null;
  }

  /** Sliding renewal: the idle expiry moves forward, never past the absolute one. */
  async touch(id: string, idleSeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE sessions SET last_seen_at = now(), expires_at = LEAST(now() + make_interval(secs => $2), absolute_expires_at) WHERE id = $1`,
      [id, idleSeconds],
    );
  }

  async deleteByHash(tokenHash: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash]);
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
  }

  async deleteExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE expires_at <= now()`);
  }
}
