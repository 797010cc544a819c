import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '../auth.types.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../services/password.service.js';

const scopeKey = z.string().min(1).max(512);
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const LoginBody = z.object({
  email: z.string().min(1, 'is required').max(320),
  password: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH),
});

export const CreateUserBody = z.strictObject({
  email: z.email('must be an email address').max(320),
  name: z.string().trim().min(1).max(200),
  password: password.optional(),
  roles: z.array(z.enum(ROLES)).min(1, 'must hold at least one role'),
  groups: z.array(scopeKey).max(500).default([]),
  squads: z.array(scopeKey).max(500).default([]),
});

export const UpdateUserBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  password: password.optional(),
  roles: z.array(z.enum(ROLES)).min(1, 'must hold at least one role').optional(),
  groups: z.array(scopeKey).max(500).optional(),
  squads: z.array(scopeKey).max(500).optional(),
  disabled: z.boolean().optional(),
});

export const CreateTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, 'must hold at least one scope'),
  expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' }).nullable().optional(),
});

/** A user as the API shows it (never the password hash). */
export interface UserView {
  id: string;
  email: string;
  name: string;
  roles: string[];
  groups: string[];
  squads: string[];
  disabled: boolean;
  hasPassword: boolean;
  oidcLinked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An API token as the API shows it (never the secret, except once at creation). */
export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

/** `GET /api/v1/me` */
export interface MeResponse {
  authMethod: 'session' | 'bearer';
  user: { id: string; email: string; name: string } | null;
  token: { id: string; name: string; scopes: string[] } | null;
  roles: string[];
  /** what the caller may read: `org`, or `group:<key>` / `squad:<key>` entries */
  scopes: string[];
  /** the session's CSRF token (cookie sessions only), to echo in X-CSRF-Token on writes */
  csrfToken?: string;
}

export interface AuditEntryView {
  id: string;
  at: string;
  action: string;
  outcome: string;
  actorId: string | null;
  actorLabel: string | null;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}
