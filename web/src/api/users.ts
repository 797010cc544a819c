import { apiGet, apiRequest } from './http';

/**
 * Admin user management (`server/src/auth/controllers/users.controller.ts`). Types are local
 * until `@bearing/shared` exports the auth views.
 */
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

export interface CreateUserBody {
  email: string;
  name: string;
  /** omitted → the server generates one and answers it once */
  password?: string;
  roles: string[];
  groups: string[];
  squads: string[];
}

export interface UpdateUserBody {
  name?: string;
  password?: string;
  roles?: string[];
  groups?: string[];
  squads?: string[];
  disabled?: boolean;
}

/** `GET /api/v1/users` (admin) */
export function fetchUsers(signal?: AbortSignal): Promise<{ users: UserView[] }> {
  return apiGet<{ users: UserView[] }>('/api/v1/users', { signal });
}

/** `POST /api/v1/users` (admin): the generated password, when none was given, comes back once. */
export function createUser(body: CreateUserBody): Promise<{ user: UserView; password?: string }> {
  return apiRequest('/api/v1/users', { method: 'POST', body });
}

/** `PATCH /api/v1/users/:id` (admin); 409 when it would leave no active admin. */
export function updateUser(id: string, body: UpdateUserBody): Promise<UserView> {
  return apiRequest(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}
