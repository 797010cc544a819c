import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  roles: string[];
  groups: string[];
  squads: string[];
  oidcSubject: string | null;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  roles: string[];
  groups: string[];
  squads: string[];
  oidcSubject?: string | null;
}

export type UserPatch = Partial<Pick<UserRow, 'name' | 'passwordHash' | 'roles' | 'groups' | 'squads' | 'disabledAt' | 'oidcSubject'>>;

const COLUMNS = `id, email, name, password_hash AS "passwordHash", roles, groups, squads, oidc_subject AS "oidcSubject",
  disabled_at AS "disabledAt", last_login_at AS "lastLoginAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

const PATCH_COLUMNS: Record<keyof UserPatch, string> = {
  name: 'name',
  passwordHash: 'password_hash',
  roles: 'roles',
  groups: 'groups',
  squads: 'squads',
  disabledAt: 'disabled_at',
  oidcSubject: 'oidc_subject',
};

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async count(): Promise<number> {
    const rows = (await this.dataSource.query(`SELECT count(*)::int AS n FROM users`)) as { n: number }[];
    return rows[0]!.n;
  }

  async findByEmail(email: string): Promise<UserRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [email.toLowerCase()])) as UserRow[];
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<UserRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id])) as UserRow[];
    return rows[0] ?? null;
  }

  async findByOidcSubject(subject: string): Promise<UserRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM users WHERE oidc_subject = $1`, [subject])) as UserRow[];
    return rows[0] ?? null;
  }

  async list(): Promise<UserRow[]> {
    return (await this.dataSource.query(`SELECT ${COLUMNS} FROM users ORDER BY email`)) as UserRow[];
  }

  /** Inserts a user; returns null when the email is taken. */
  async insert(user: NewUser): Promise<UserRow | null> {
    const rows = (await this.dataSource.query(
      `INSERT INTO users (id, email, name, password_hash, roles, groups, squads, oidc_subject)
       VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7::text[], $8)
       ON CONFLICT (email) DO NOTHING
       RETURNING ${COLUMNS}`,
      [user.id, user.email.toLowerCase(), user.name, user.passwordHash, user.roles, user.groups, user.squads, user.oidcSubject ?? null],
    )) as UserRow[];
    return rows[0] ?? null;
  }

  /**
   * Inserts the first user only while the users table is empty (serialised by a transaction-level
   * advisory lock, so replicas starting together create one). Returns null when a user exists.
   */
  async insertIfNoUsers(user: NewUser): Promise<UserRow | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(4217002)`);
      const existing = (await manager.query(`SELECT 1 FROM users LIMIT 1`)) as unknown[];
      if (existing.length) return null;
      const rows = (await manager.query(
        `INSERT INTO users (id, email, name, password_hash, roles, groups, squads)
         VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7::text[]) RETURNING ${COLUMNS}`,
        [user.id, user.email.toLowerCase(), user.name, user.passwordHash, user.roles, user.groups, user.squads],
      )) as UserRow[];
      return rows[0] ?? null;
    });
  }

  async update(id: string, patch: UserPatch): Promise<UserRow | null> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof UserPatch, string][]) {
      if (patch[key] === undefined) continue;
      params.push(patch[key]);
      const cast = ['roles', 'groups', 'squads'].includes(key) ? '::text[]' : '';
      sets.push(`${column} = $${params.length}${cast}`);
    }
    if (sets.length === 0) return this.findById(id);
    // TypeORM returns [rows, count] for UPDATE … RETURNING
    const [rows] = (await this.dataSource.query(
      `UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
    )) as [UserRow[], number];
    return rows[0] ?? null;
  }

  /** Active (not disabled) admins other than `exceptId`. */
  async countOtherActiveAdmins(exceptId: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE 'admin' = ANY(roles) AND disabled_at IS NULL AND id <> $1`,
      [exceptId],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  async recordLogin(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [id]);
  }
}
