import { apiGet, apiRequest } from './http';

/** API tokens (`server/src/auth/controllers/tokens.controller.ts`); types local for now. */
export const TOKEN_SCOPES = ['ingest', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface TokenView {
  id: string;
  name: string;
  /** the first characters of the secret, to recognise it */
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

export interface CreateTokenBody {
  name: string;
  scopes: TokenScope[];
  /** ISO 8601 with an offset; omitted → never expires */
  expiresAt?: string;
}

/** `GET /api/v1/tokens` (admin): without secrets. */
export function fetchTokens(signal?: AbortSignal): Promise<{ tokens: TokenView[] }> {
  return apiGet<{ tokens: TokenView[] }>('/api/v1/tokens', { signal });
}

/** `POST /api/v1/tokens` (admin): the secret is in this answer and never again. */
export function createToken(body: CreateTokenBody): Promise<{ token: TokenView; secret: string }> {
  return apiRequest('/api/v1/tokens', { method: 'POST', body });
}

/** `DELETE /api/v1/tokens/:id` (admin): the token stops working at once. */
export function revokeToken(id: string): Promise<TokenView> {
  return apiRequest(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
