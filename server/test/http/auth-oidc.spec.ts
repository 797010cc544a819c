import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Provider, { type AccountClaims } from 'oidc-provider';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { createUser } from '../support/auth.js';

/**
 * Optional OpenID Connect sign-in against a real local provider (oidc-provider, its development
 * login form driven over HTTP): authorization code + PKCE, state, nonce, ID token checks; roles
 * and scopes from claims.
 */
const REDIRECT = 'http://127.0.0.1/api/v1/auth/oidc/callback';
const CLIENT = { client_id: 'bearing', client_secret: 'bearing-test-client-secret-0123456789' };

const ACCOUNTS: Record<string, AccountClaims> = {
  alice: { sub: 'alice', email: 'alice@idp.test', email_verified: true, name: 'Alice Director', bearing_roles: ['director'], bearing_groups: ['payments'] },
  bob: { sub: 'bob', email: 'bob@idp.test', email_verified: true, name: 'Bob No Role' },
  carol: { sub: 'carol', email: 'carol@test.bearing', email_verified: true, name: 'Carol', bearing_roles: 'squad_lead viewer', bearing_squads: ['payments-core'] },
  mallory: { sub: 'mallory', email: 'carol@test.bearing', email_verified: true, name: 'Mallory', bearing_roles: ['admin'] },
  // a provider that does not say the email is verified
  dave: { sub: 'dave', email: 'dave@test.bearing', name: 'Dave', bearing_roles: ['admin'] },
};

describe('OpenID Connect sign-in (local oidc-provider)', () => {
  let idp: Server;
  let issuer: string;
  let db: TestDatabase;
  let app: NestExpressApplication;
  /** the same instance with OIDC_DEFAULT_ROLES=viewer */
  let appWithDefault: NestExpressApplication;
  const quiet: { mockRestore(): void }[] = [];

  beforeAll(async () => {
    // oidc-provider's development warnings (dev keys, dev interactions, default TTLs) are expected here
    quiet.push(jest.spyOn(console, 'warn').mockImplementation(() => undefined), jest.spyOn(console, 'info').mockImplementation(() => undefined));
    idp = createServer();
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [{ ...CLIENT, redirect_uris: [REDIRECT], grant_types: ['authorization_code'], response_types: ['code'] }],
      cookies: { keys: ['oidc-test-cookie-key'] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'bearing_roles', 'bearing_groups', 'bearing_squads'] },
      findAccount: async (_ctx: unknown, id: string) => (ACCOUNTS[id] ? { accountId: id, claims: async () => ACCOUNTS[id]! } : undefined),
    });
    idp.on('request', provider.callback());
    db = await createTestDatabase('oidc');
    const env = { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: CLIENT.client_id, OIDC_CLIENT_SECRET: CLIENT.client_secret, OIDC_REDIRECT_URL: REDIRECT };
    app = await createTestApp(db.url, env);
    appWithDefault = await createTestApp(db.url, { ...env, OIDC_DEFAULT_ROLES: 'viewer' });
  });

  afterAll(async () => {
    await app?.close();
    await appWithDefault?.close();
    await db?.drop();
    for (const spy of quiet) spy.mockRestore();
    idp?.closeAllConnections();
    await new Promise((resolve) => idp?.close(resolve));
  });

  /** Drives the browser's part: Bearing → provider login (and consent) → the callback URL with code and state. */
  async function authorizeAt(account: string, start: request.Response): Promise<string> {
    expect(start.status).toBe(302);
    const jar = new Map<string, string>();
    let url = start.headers.location as string;
    let init: RequestInit = {};
    for (let hop = 0; hop < 12; hop++) {
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const [k, ...v] = pair!.split('=');
        jar.set(k!, v.join('='));
      }
      init = {};
      if (res.status >= 300 && res.status < 400) {
        const next = new URL(res.headers.get('location')!, url).href;
        if (next.startsWith(REDIRECT)) return next.slice(REDIRECT.length);
        url = next;
        continue;
      }
      const html = await res.text();
      const action = /action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      if (!action || !prompt) throw new Error(`unexpected provider page (${res.status}): ${html.slice(0, 300)}`);
      url = new URL(action.replace(/&amp;/g, '&'), url).href;
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt, login: account, password: 'any' }).toString(),
      };
    }
    throw new Error('too many redirects');
  }

  async function signIn(account: string, returnTo = '/director', on = app) {
    const start = await request(on.getHttpServer()).get(`/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
    const stateCookie = ([] as string[]).concat(start.headers['set-cookie']).find((c) => c.startsWith('bearing_oidc='))!;
    expect(stateCookie).toMatch(/HttpOnly/);
    expect(start.headers.location).toContain('code_challenge_method=S256');
    const query = await authorizeAt(account, start);
    return request(on.getHttpServer()).get(`/api/v1/auth/oidc/callback${query}`).set('Cookie', stateCookie.split(';')[0]!);
  }

  const sessionCookie = (res: request.Response) =>
    ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .filter((c) => /^bearing_(session|csrf)=/.test(c))
      .map((c) => c.split(';')[0])
      .join('; ');

  it('says OIDC is offered', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/auth/providers');
    expect(res.body).toEqual({ password: true, oidc: { enabled: true, loginUrl: '/api/v1/auth/oidc/login' } });
  });

  it('signs in a new user with the roles and groups from the claims, and returns to the app', async () => {
    const res = await signIn('alice');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/director');
    const session = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('bearing_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    const me = await request(app.getHttpServer()).get('/api/v1/me').set('Cookie', sessionCookie(res));
    expect(me.body).toMatchObject({ user: { email: 'alice@idp.test', name: 'Alice Director' }, roles: ['director'], scopes: ['group:payments'] });
    const [row] = await db.query<{ oidc_subject: string; password_hash: string | null }>(`SELECT oidc_subject, password_hash FROM users WHERE email = 'alice@idp.test'`);
    expect(row).toEqual({ oidc_subject: `${issuer}|alice`, password_hash: null });
    const [audit] = await db.query<{ outcome: string; details: { method: string } }>(`SELECT outcome, details FROM audit_log WHERE action = 'login' AND target = 'alice@idp.test'`);
    expect(audit).toEqual({ outcome: 'success', details: { method: 'oidc' } });
    // a second sign-in finds the same user
    expect((await signIn('alice')).status).toBe(302);
    expect(await db.query(`SELECT 1 FROM users WHERE email = 'alice@idp.test'`)).toHaveLength(1);
  });

  it('refuses an identity without a Bearing role (403, audited), unless OIDC_DEFAULT_ROLES gives one', async () => {
    const res = await signIn('bob');
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('bearing_session=');
    expect(await db.query(`SELECT 1 FROM users WHERE email = 'bob@idp.test'`)).toEqual([]);
    const [audit] = await db.query<{ details: { reason: string } }>(`SELECT details FROM audit_log WHERE action = 'login' AND target = 'bob@idp.test'`);
    expect(audit!.details.reason).toBe('no_role');
    const withDefault = await signIn('bob', '/', appWithDefault);
    expect(withDefault.status).toBe(302);
    expect(await db.query(`SELECT roles FROM users WHERE email = 'bob@idp.test'`)).toEqual([{ roles: ['viewer'] }]);
  });

  it('links an existing local account by verified email and syncs its roles and squads from the claims', async () => {
    const local = await createUser(app, { email: 'carol@test.bearing', roles: ['viewer'], squads: ['growth-experiments'] });
    const res = await signIn('carol', '/squad');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/squad');
    const [row] = await db.query<{ id: string; roles: string[]; squads: string[]; oidc_subject: string }>(`SELECT id, roles, squads, oidc_subject FROM users WHERE email = 'carol@test.bearing'`);
    expect(row).toEqual({ id: local.id, roles: ['squad_lead', 'viewer'], squads: ['payments-core'], oidc_subject: `${issuer}|carol` });
    // another identity claiming the same email cannot take the account over
    const takeover = await signIn('mallory');
    expect(takeover.status).toBe(403);
    expect((await db.query<{ roles: string[] }>(`SELECT roles FROM users WHERE id = $1`, [local.id]))[0]!.roles).toEqual(['squad_lead', 'viewer']);
  });

  it('never links an existing account by an email the provider did not mark verified', async () => {
    const local = await createUser(app, { email: 'dave@test.bearing', roles: ['viewer'], squads: ['growth-experiments'] });
    const res = await signIn('dave');
    expect(res.status).toBe(403);
    const [row] = await db.query<{ roles: string[]; oidc_subject: string | null }>(`SELECT roles, oidc_subject FROM users WHERE id = $1`, [local.id]);
    expect(row).toEqual({ roles: ['viewer'], oidc_subject: null });
  });

  it('rejects a callback without the state cookie, with a tampered one, or with a foreign state', async () => {
    const start = await request(app.getHttpServer()).get('/api/v1/auth/oidc/login');
    const stateCookie = ([] as string[]).concat(start.headers['set-cookie']).find((c) => c.startsWith('bearing_oidc='))!.split(';')[0]!;
    const query = await authorizeAt('alice', start);
    expect((await request(app.getHttpServer()).get(`/api/v1/auth/oidc/callback${query}`)).status).toBe(401);
    expect((await request(app.getHttpServer()).get(`/api/v1/auth/oidc/callback${query}`).set('Cookie', `${stateCookie}x`)).status).toBe(401);
    const other = await request(app.getHttpServer()).get('/api/v1/auth/oidc/login');
    const otherCookie = ([] as string[]).concat(other.headers['set-cookie']).find((c) => c.startsWith('bearing_oidc='))!.split(';')[0]!;
    const mixed = await request(app.getHttpServer()).get(`/api/v1/auth/oidc/callback${query}`).set('Cookie', otherCookie);
    expect(mixed.status).toBe(401);
    expect(mixed.headers['set-cookie']?.toString() ?? '').not.toContain('bearing_session=');
  });

  it('returnTo is limited to local paths (no open redirect)', async () => {
    const res = await signIn('alice', '//evil.example/phish');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
  });
});
