import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Principal, Role, TokenScope } from '../../src/auth/auth.types.js';
import { ApiTokenService } from '../../src/auth/services/api-token.service.js';
import { UserService } from '../../src/auth/services/user.service.js';

export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;

/** Creates a user directly through the service (no HTTP, no audit actor). */
export async function createUser(
  app: INestApplication,
  user: { email?: string; roles: Role[]; groups?: string[]; squads?: string[]; password?: string; name?: string },
): Promise<{ id: string; email: string; password: string }> {
  const email = user.email ?? `user${++counter}-${Date.now()}@test.bearing`;
  const password = user.password ?? TEST_PASSWORD;
  const { user: row } = await app.get(UserService).create(
    { email, name: user.name ?? email, password, roles: user.roles, groups: user.groups ?? [], squads: user.squads ?? [] },
    null,
    null,
  );
  return { id: row.id, email: row.email, password };
}

function principalOf(u: { id: string; email: string }): Principal {
  return { kind: 'user', id: u.id, label: u.email, roles: ['admin'], tokenScopes: [], groups: [], squads: [], via: 'bearer' };
}

/** An API token secret with these scopes, created by a fresh admin user. */
export async function createToken(app: INestApplication, scopes: TokenScope[], name = `test ${scopes.join('+')}`): Promise<{ id: string; secret: string }> {
  const admin = await createUser(app, { roles: ['admin'] });
  const { token, secret } = await app.get(ApiTokenService).create({ name, scopes, expiresAt: null }, principalOf(admin), null);
  return { id: token.id, secret };
}

/** An `admin` API token secret: what the pre-auth tests use to call the API. */
export async function adminToken(app: INestApplication): Promise<string> {
  return (await createToken(app, ['admin'], 'test admin')).secret;
}

/** `Authorization` header value for a token secret. */
export const bearer = (secret: string): string => `Bearer ${secret}`;

export interface CookieSession {
  /** the `Cookie` request header (session and CSRF cookies) */
  cookie: string;
  csrfToken: string;
  setCookie: string[];
}

/** Signs in through the API and returns the cookies to send and the CSRF token to echo. */
export async function login(app: INestApplication, email: string, password = TEST_PASSWORD): Promise<CookieSession> {
  const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrfToken: res.body.csrfToken as string, setCookie };
}
