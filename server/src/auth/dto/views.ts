import type { ApiTokenRow } from '../repositories/api-token.repository.js';
import type { AuditRow } from '../repositories/audit.repository.js';
import type { UserRow } from '../repositories/user.repository.js';
import type { AuditEntryView, TokenView, UserView } from './auth.dto.js';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    groups: u.groups,
    squads: u.squads,
    disabled: u.disabledAt !== null,
    hasPassword: u.passwordHash !== null,
    oidcLinked: u.oidcSubject !== null,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: iso(u.createdAt)!,
    updatedAt: iso(u.updatedAt)!,
  };
}

export function tokenView(t: ApiTokenRow, now = new Date()): TokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    createdBy: t.createdByEmail,
    createdAt: iso(t.createdAt)!,
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
    active: t.revokedAt === null && (t.expiresAt === null || new Date(t.expiresAt) > now),
  };
}

export function auditView(a: AuditRow): AuditEntryView {
  return { ...a, at: iso(a.at)! };
}
