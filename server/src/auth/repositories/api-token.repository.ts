import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  createdByEmail: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiToken {
  id: string;
  name: string;
  tokenHash: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  expiresAt: Date | null;
}

const COLUMNS = `t.id, t.name, t.prefix, t.scopes, t.created_by AS "createdBy", u.email AS "createdByEmail", t.created_at AS "createdAt",
  t.last_used_at AS "lastUsedAt", t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt"`;

/** last_used_at is written at most this often per token. */
const TOUCH_AFTER_SECONDS = 60;

@Injectable()
export class ApiTokenRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(t: NewApiToken): Promise<ApiTokenRow> {
    await this.dataSource.query(
      `INSERT INTO api_tokens (id, name, token_hash, prefix, scopes, created_by, expires_at) VALUES ($1, $2, $3, $4, $5::text[], $6, $7)`,
      [t.id, t.name, t.tokenHash, t.prefix, t.scopes, t.createdBy, t.expiresAt],
    );
    return (await this.findById(t.id))!;
  }

  async findById(id: string): Promise<ApiTokenRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by WHERE t.id = $1`, [
      id,
    ])) as ApiTokenRow[];
    return rows[0] ?? null;
  }

  async list(): Promise<ApiTokenRow[]> {
    return (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by ORDER BY t.created_at DESC, t.id`,
    )) as ApiTokenRow[];
  }

  /** A usable token (not revoked, not expired, creator not disabled) by the hash of its secret; marks it used (at most once a minute). */
  async findActiveAndTouch(tokenHash: string): Promise<{ id: string; name: string; scopes: string[] } | null> {
    const rows = (await this.dataSource.query(
      `SELECT id, name, scopes, (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2)) AS stale
       FROM api_tokens t WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
         -- a token stops working when the admin who created it is disabled
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.created_by AND u.disabled_at IS NOT NULL)`,
      [tokenHash, TOUCH_AFTER_SECONDS],
    )) as { id: string; name: string; scopes: string[]; stale: boolean }[];
    const row = rows[0];
    if (!row) return null;
    if (row.stale) await this.dataSource.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [row.id]);
    return { id: row.id, name: row.name, scopes: row.scopes };
  }

  /** Revokes a token; returns it, or null when unknown. Revoking twice keeps the first time. */
  async revoke(id: string): Promise<ApiTokenRow | null> {
    await this.dataSource.query(`UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`, [id]);
    return this.findById(id);
  }
}
