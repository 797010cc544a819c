import { createHash } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AuthBootstrapService, DEMO_PASSWORD, DEMO_USERS } from '../../src/auth/services/auth-bootstrap.service.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { TEST_PASSWORD, bearer, createToken, createUser, login } from '../support/auth.js';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

function cookieNamed(setCookie: string[], name: string): string {
  const c = setCookie.find((h) => h.startsWith(`${name}=`));
  if (!c) throw new Error(`no ${name} cookie in ${JSON.stringify(setCookie)}`);
  return c;
}

function quietLogger() {
  const lines: { level: string; message: string }[] = [];
  const push = (level: string) => (message: unknown) => lines.push({ level, message: String(message) });
  return { lines, log: push('log'), warn: push('warn'), error: push('error'), debug: push('debug'), verbose: push('verbose') };
}

/** A database, an app on it (with `env`) and an admin, for one describe block. */
function adminHarness(prefix: string, env: Record<string, string>) {
  const h = {} as { db: TestDatabase; app: NestExpressApplication; admin: { id: string; email: string; password: string } };
  beforeAll(async () => {
    h.db = await createTestDatabase(prefix);
    h.app = await createTestApp(h.db.url, env);
    h.admin = await createUser(h.app, { roles: ['admin'], email: 'boss@test.bearing' });
  });
  afterAll(async () => {
    await h.app.close();
    await h.db.drop();
  });
  return h;
}

describe('S4: sessions, CSRF, rate limit, tokens, password storage, audit', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: { id: string; email: string; password: string };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase('s4');
    app = await createTestApp(db.url);
    admin = await createUser(app, { roles: ['admin'], email: 'boss@test.bearing' });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('login sets an HttpOnly, SameSite=Lax session cookie and a readable CSRF cookie; not Secure over plain HTTP', async () => {
    const res = await http().post('/api/v1/auth/login').send({ email: 'Boss@Test.Bearing', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'boss@test.bearing', roles: ['admin'] });
    expect(res.body.user.passwordHash).toBeUndefined();
    const setCookie = ([] as string[]).concat(res.headers['set-cookie']);
    const session = cookieNamed(setCookie, 'bearing_session');
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\//);
    expect(session).toMatch(/; Max-Age=\d+/);
    expect(session).not.toMatch(/; Secure/);
    const csrf = cookieNamed(setCookie, 'bearing_csrf');
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(csrf).toMatch(/; SameSite=Lax/);
    expect(csrf.split(';')[0]).toBe(`bearing_csrf=${res.body.csrfToken}`);
    // the token is 32 random bytes; only its SHA-256 is stored
    const token = session.split(';')[0]!.slice('bearing_session='.length);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const stored = await db.query<{ token_hash: string }>(`SELECT token_hash FROM sessions WHERE user_id = $1`, [admin.id]);
    expect(stored.map((s) => s.token_hash)).toContain(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('marks the cookies Secure behind TLS (X-Forwarded-Proto: https from the trusted local proxy)', async () => {
    const res = await http().post('/api/v1/auth/login').set('X-Forwarded-Proto', 'https').send({ email: admin.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie']);
    expect(cookieNamed(setCookie, 'bearing_session')).toMatch(/; Secure/);
    expect(cookieNamed(setCookie, 'bearing_csrf')).toMatch(/; Secure/);
  });

  it('a wrong password and an unknown email get the same 401; both are audited as failures', async () => {
    const wrong = await http().post('/api/v1/auth/login').send({ email: admin.email, password: 'wrong password!' });
    const unknown = await http().post('/api/v1/auth/login').send({ email: 'nobody@test.bearing', password: 'wrong password!' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const failures = await db.query<{ target: string; details: { reason: string } }>(
      `SELECT target, details FROM audit_log WHERE action = 'login' AND outcome = 'failure' ORDER BY id`,
    );
    expect(failures.map((f) => [f.target, f.details.reason])).toEqual(
      expect.arrayContaining([
        [admin.email, 'wrong_password'],
        ['nobody@test.bearing', 'unknown_email'],
      ]),
    );
    const bad = await http().post('/api/v1/auth/login').send({ email: admin.email });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^password:/);
  });

  it('rate-limits sign-in: after 10 failures in a minute for one address and email, a 429 with Retry-After, even for the right password', async () => {
    const victim = await createUser(app, { roles: ['viewer'], squads: ['a'] });
    for (let i = 0; i < 10; i++) {
      expect((await http().post('/api/v1/auth/login').send({ email: victim.email, password: `guess number ${i}` })).status).toBe(401);
    }
    const limited = await http().post('/api/v1/auth/login').send({ email: victim.email, password: victim.password });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // other emails from the same address are unaffected
    expect((await http().post('/api/v1/auth/login').send({ email: admin.email, password: TEST_PASSWORD })).status).toBe(200);
    // once the window has passed (simulated by ageing the attempts), the right password works again
    await db.query(`UPDATE audit_log SET at = at - interval '2 minutes' WHERE target = $1`, [victim.email]);
    expect((await http().post('/api/v1/auth/login').send({ email: victim.email, password: victim.password })).status).toBe(200);
  });

  it('CSRF: a cookie-authenticated write without or with a wrong X-CSRF-Token is a 403; reads and bearer writes need none', async () => {
    const s = await login(app, admin.email);
    const other = await login(app, admin.email);
    const create = () => http().post('/api/v1/tokens').set('Cookie', s.cookie).send({ name: 'ci', scopes: ['ingest'] });
    const missing = await create();
    expect(missing.status).toBe(403);
    expect(missing.body.error).toMatchObject({ code: 'forbidden', details: { field: 'X-CSRF-Token' } });
    expect((await create().set('X-CSRF-Token', 'forged')).status).toBe(403);
    // a token of another session does not fit this one (bound to the session)
    expect((await create().set('X-CSRF-Token', other.csrfToken)).status).toBe(403);
    expect((await create().set('X-CSRF-Token', s.csrfToken)).status).toBe(201);
    expect((await http().get('/api/v1/tokens').set('Cookie', s.cookie)).status).toBe(200);
    const csrf = await http().get('/api/v1/auth/csrf').set('Cookie', s.cookie);
    expect(csrf.body).toEqual({ csrfToken: s.csrfToken });
    const { secret } = await createToken(app, ['admin']);
    expect((await http().post('/api/v1/tokens').set('Authorization', bearer(secret)).send({ name: 'by token', scopes: ['read'] })).status).toBe(201);
    expect(await db.query(`SELECT 1 FROM api_tokens WHERE name = 'ci'`)).toHaveLength(1); // only the accepted request wrote
  });

  it('logout ends the session: the old cookie is refused afterwards', async () => {
    const s = await login(app, admin.email);
    expect((await http().post('/api/v1/auth/logout').set('Cookie', s.cookie)).status).toBe(403); // CSRF applies
    const out = await http().post('/api/v1/auth/logout').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken);
    expect(out.status).toBe(204);
    expect(([] as string[]).concat(out.headers['set-cookie']).join()).toMatch(/bearing_session=;/);
    expect((await http().get('/api/v1/me').set('Cookie', s.cookie)).status).toBe(401);
  });

  it('API tokens: shown once, stored as SHA-256, listed without secrets, last use recorded, revocable', async () => {
    const s = await login(app, admin.email);
    const created = await http().post('/api/v1/tokens').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken).send({ name: 'importer', scopes: ['ingest'] });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^brg_[A-Za-z0-9_-]{43}$/);
    expect(created.body.token).toMatchObject({ name: 'importer', scopes: ['ingest'], createdBy: admin.email, lastUsedAt: null, active: true });
    expect(secret.startsWith(created.body.token.prefix)).toBe(true);
    const [row] = await db.query<Record<string, unknown>>(`SELECT * FROM api_tokens WHERE id = $1`, [created.body.token.id]);
    expect(row!.token_hash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const list = await http().get('/api/v1/tokens').set('Cookie', s.cookie);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.tokens.find((t: { id: string }) => t.id === created.body.token.id)).not.toHaveProperty('secret');

    const imported = await http().post('/api/v1/import').set('Authorization', bearer(secret)).set('Content-Type', 'application/x-ndjson').send('{"type":"squad","key":"t","name":"T"}');
    expect(imported.status).toBe(200);
    const used = (await http().get('/api/v1/tokens').set('Cookie', s.cookie)).body.tokens.find((t: { id: string }) => t.id === created.body.token.id);
    expect(used.lastUsedAt).toEqual(expect.any(String));

    const revoked = await http().delete(`/api/v1/tokens/${created.body.token.id}`).set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ active: false, revokedAt: expect.any(String) });
    const after = await http().post('/api/v1/import').set('Authorization', bearer(secret)).set('Content-Type', 'application/x-ndjson').send('{"type":"squad","key":"t2","name":"T2"}');
    expect(after.status).toBe(401);
    expect(await db.query(`SELECT 1 FROM squads WHERE key = 't2'`)).toEqual([]);
    expect((await http().delete('/api/v1/tokens/not-a-uuid').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken)).status).toBe(404);
    const expired = await http().post('/api/v1/tokens').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken).send({ name: 'old', scopes: ['read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect((await http().get('/api/v1/me').set('Authorization', bearer(expired.body.secret))).status).toBe(401);
  });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const s = await login(app, admin.email);
    const res = await http()
      .post('/api/v1/users')
      .set('Cookie', s.cookie)
      .set('X-CSRF-Token', s.csrfToken)
      .send({ email: 'lead@test.bearing', name: 'Lead', password: 'a long enough password', roles: ['squad_lead'], squads: ['payments-core'] });
    expect(res.status).toBe(201);
    expect(res.body.password).toBeUndefined();
    const generated = await http()
      .post('/api/v1/users')
      .set('Cookie', s.cookie)
      .set('X-CSRF-Token', s.csrfToken)
      .send({ email: 'gen@test.bearing', name: 'Gen', roles: ['viewer'], squads: ['x'] });
    expect(generated.body.password).toEqual(expect.any(String));
    expect((await login(app, 'gen@test.bearing', generated.body.password)).csrfToken).toEqual(expect.any(String));
    const rows = await db.query<{ email: string; password_hash: string }>(`SELECT email, password_hash FROM users`);
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$(?=[^$]*m=\d+)(?=[^$]*t=\d+)(?=[^$]*p=\d+)[^$]+\$[^$]+\$[^$]+$/);
    expect(JSON.stringify(rows)).not.toContain('a long enough password');
  });

  it('validates user input naming the field; a taken email is a 409; the last admin cannot be demoted or disabled', async () => {
    const s = await login(app, admin.email);
    const post = (body: object) => http().post('/api/v1/users').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken).send(body);
    const badRole = await post({ email: 'x@test.bearing', name: 'X', roles: ['emperor'] });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.message).toMatch(/^roles\.0:/);
    expect((await post({ email: 'x@test.bearing', name: 'X', roles: ['viewer'], password: 'short' })).body.error.message).toMatch(/^password:/);
    expect((await post({ email: 'not-an-email', name: 'X', roles: ['viewer'] })).body.error.message).toMatch(/^email:/);
    const dup = await post({ email: admin.email.toUpperCase(), name: 'Dup', roles: ['viewer'] });
    expect(dup.status).toBe(409);
    const admins = await db.query<{ id: string }>(`SELECT id FROM users WHERE 'admin' = ANY(roles)`);
    // make every admin but `admin` a non-admin, so `admin` is the last one
    for (const a of admins.filter((a) => a.id !== admin.id)) await db.query(`UPDATE users SET roles = '{viewer}' WHERE id = $1`, [a.id]);
    const demote = await http().patch(`/api/v1/users/${admin.id}`).set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken).send({ roles: ['vp'] });
    expect(demote.status).toBe(409);
    const disable = await http().patch(`/api/v1/users/${admin.id}`).set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken).send({ disabled: true });
    expect(disable.status).toBe(409);
    expect((await http().get('/api/v1/users/00000000-0000-0000-0000-000000000000').set('Cookie', s.cookie)).status).toBe(404);
  });

  it('disabling a user ends their sessions and refuses their sign-in; role changes apply at once', async () => {
    const s = await login(app, admin.email);
    const user = await createUser(app, { roles: ['viewer'], squads: ['payments-core'] });
    const theirs = await login(app, user.email);
    expect((await http().get('/api/v1/users').set('Cookie', theirs.cookie)).status).toBe(403);
    await http().patch(`/api/v1/users/${user.id}`).set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken).send({ roles: ['admin'] }).expect(200);
    expect((await http().get('/api/v1/users').set('Cookie', theirs.cookie)).status).toBe(200);
    // as an admin they create a token; it dies with their account
    const token = await http().post('/api/v1/tokens').set('Cookie', theirs.cookie).set('X-CSRF-Token', theirs.csrfToken).send({ name: 'theirs', scopes: ['read'] });
    expect(token.status).toBe(201);
    expect((await http().get('/api/v1/me').set('Authorization', bearer(token.body.secret))).status).toBe(200);
    const disabled = await http().patch(`/api/v1/users/${user.id}`).set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken).send({ disabled: true });
    expect(disabled.body).toMatchObject({ disabled: true });
    expect((await http().get('/api/v1/me').set('Cookie', theirs.cookie)).status).toBe(401);
    expect((await http().post('/api/v1/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
    expect((await http().get('/api/v1/me').set('Authorization', bearer(token.body.secret))).status).toBe(401);
  });

  it('the audit log records sign-ins and admin changes, newest first, filterable and paged', async () => {
    const s = await login(app, admin.email);
    const all = await http().get('/api/v1/audit?limit=1000').set('Cookie', s.cookie);
    expect(all.status).toBe(200);
    const actions = new Set((all.body.entries as { action: string; outcome: string }[]).map((e) => `${e.action}:${e.outcome}`));
    for (const a of ['login:success', 'login:failure', 'logout:success', 'token.create:success', 'token.revoke:success', 'user.create:success', 'user.update:success', 'user.disable:success']) {
      expect(actions).toContain(a);
    }
    const ids = (all.body.entries as { id: string }[]).map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(JSON.stringify(all.body)).not.toMatch(/argon2|brg_[A-Za-z0-9_-]{20}/);
    const users = await http().get('/api/v1/audit?action=user').set('Cookie', s.cookie);
    expect((users.body.entries as { action: string }[]).every((e) => e.action.startsWith('user.'))).toBe(true);
    const page1 = await http().get('/api/v1/audit?limit=2').set('Cookie', s.cookie);
    const page2 = await http().get(`/api/v1/audit?limit=2&cursor=${page1.body.nextCursor}`).set('Cookie', s.cookie);
    expect(Number(page2.body.entries[0].id)).toBeLessThan(Number(page1.body.entries[1].id));
    expect((await http().get('/api/v1/audit?limit=0').set('Cookie', s.cookie)).status).toBe(400);
  });
});

// This test moves a session's clock in the database. With the principal cache on (the default,
// BEARING_AUTH_CACHE_SECONDS=5) the server would not look the session up again for 5 s, as it
// would not see another replica's change for 5 s; so here the cache is off.
describe('S4: sliding session expiry (principal cache off)', () => {
  const h = adminHarness('s4b', { BEARING_AUTH_CACHE_SECONDS: '0' });
  const http = () => request(h.app.getHttpServer());

  it('sessions expire when idle and slide forward when used', async () => {
    const s = await login(h.app, h.admin.email);
    const token = s.cookie.split('; ')[0]!.split('=')[1]!;
    // used two minutes ago, idle expiry in one minute: a request pushes it to ~12 h from now
    await h.db.query(`UPDATE sessions SET last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '1 minute' WHERE token_hash = $1`, [sha256(token)]);
    expect((await http().get('/api/v1/me').set('Cookie', s.cookie)).status).toBe(200);
    const [renewed] = await h.db.query<{ hours: number }>(`SELECT extract(epoch FROM expires_at - now()) / 3600 AS hours FROM sessions WHERE token_hash = $1`, [sha256(token)]);
    expect(Number(renewed!.hours)).toBeGreaterThan(11.9);
    // never past the absolute expiry
    await h.db.query(`UPDATE sessions SET last_seen_at = now() - interval '2 minutes', absolute_expires_at = now() + interval '5 minutes' WHERE token_hash = $1`, [sha256(token)]);
    await http().get('/api/v1/me').set('Cookie', s.cookie).expect(200);
    const [capped] = await h.db.query<{ minutes: number }>(`SELECT extract(epoch FROM expires_at - now()) / 60 AS minutes FROM sessions WHERE token_hash = $1`, [sha256(token)]);
    expect(Number(capped!.minutes)).toBeLessThanOrEqual(5);
    // expired: 401, and the stale cookie is cleared
    await h.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(token)]);
    const expired = await http().get('/api/v1/me').set('Cookie', s.cookie);
    expect(expired.status).toBe(401);
    expect(([] as string[]).concat(expired.headers['set-cookie']).join()).toMatch(/bearing_session=;/);
  });
});

describe('S4: the principal cache is bounded (BEARING_AUTH_CACHE_SECONDS)', () => {
  const h = adminHarness('s4c', { BEARING_AUTH_CACHE_SECONDS: '1' });
  const http = () => request(h.app.getHttpServer());

  it('a session ended elsewhere (another replica, a direct delete) stops working within the cache lifetime; one ended here, at once', async () => {
    const s = await login(h.app, h.admin.email);
    const token = s.cookie.split('; ')[0]!.split('=')[1]!;
    expect((await http().get('/api/v1/me').set('Cookie', s.cookie)).status).toBe(200); // looked up, now cached
    await h.db.query(`DELETE FROM sessions WHERE token_hash = $1`, [sha256(token)]);
    // within the second the cached principal still answers; after it, the database says no
    expect((await http().get('/api/v1/me').set('Cookie', s.cookie)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await http().get('/api/v1/me').set('Cookie', s.cookie)).status).toBe(401);
    // a logout through this process clears the cache at once
    const t = await login(h.app, h.admin.email);
    expect((await http().get('/api/v1/me').set('Cookie', t.cookie)).status).toBe(200);
    await http().post('/api/v1/auth/logout').set('Cookie', t.cookie).set('X-CSRF-Token', t.csrfToken).expect(204);
    expect((await http().get('/api/v1/me').set('Cookie', t.cookie)).status).toBe(401);
  });
});

describe('first start: the first admin and the demo users', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase('boot');
  });

  afterEach(async () => {
    await db.drop();
  });

  it('creates an admin with a generated password printed once, only while no user exists', async () => {
    const app = await createTestApp(db.url);
    try {
      const logger = quietLogger();
      const first = await app.get(AuthBootstrapService).ensureFirstAdmin(logger);
      expect(first).toMatchObject({ email: 'admin@bearing.local', generatedPassword: expect.any(String) });
      expect(logger.lines).toHaveLength(1);
      expect(logger.lines[0]!.level).toBe('warn');
      expect(logger.lines[0]!.message).toContain(first!.generatedPassword!);
      expect(logger.lines[0]!.message).toMatch(/FIRST ADMIN CREATED/);
      expect(await app.get(AuthBootstrapService).ensureFirstAdmin(logger)).toBeNull();
      expect(logger.lines).toHaveLength(1);
      const s = await login(app, 'admin@bearing.local', first!.generatedPassword!);
      expect((await request(app.getHttpServer()).get('/api/v1/me').set('Cookie', s.cookie)).body.roles).toEqual(['admin']);
    } finally {
      await app.close();
    }
  });

  it('uses BEARING_ADMIN_EMAIL and BEARING_ADMIN_PASSWORD when given, without printing the password', async () => {
    const app = await createTestApp(db.url, { BEARING_ADMIN_EMAIL: 'Ops@Example.com', BEARING_ADMIN_PASSWORD: 'configured-password-1' });
    try {
      const logger = quietLogger();
      expect(await app.get(AuthBootstrapService).ensureFirstAdmin(logger)).toEqual({ email: 'ops@example.com', generatedPassword: null });
      expect(logger.lines.map((l) => l.message).join()).not.toContain('configured-password-1');
      await login(app, 'ops@example.com', 'configured-password-1');
    } finally {
      await app.close();
    }
  });

  it('demo mode: one user per role with the documented password and demo scopes', async () => {
    const app = await createTestApp(db.url);
    try {
      const created = await app.get(AuthBootstrapService).seedDemoUsers(quietLogger());
      expect(created.sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
      expect(await app.get(AuthBootstrapService).seedDemoUsers(quietLogger())).toEqual([]); // idempotent
      const roles = new Set(DEMO_USERS.flatMap((u) => u.roles));
      expect([...roles].sort()).toEqual(['admin', 'director', 'practice_lead', 'squad_lead', 'viewer', 'vp']);
      const s = await login(app, 'director@demo.bearing', DEMO_PASSWORD);
      expect((await request(app.getHttpServer()).get('/api/v1/me').set('Cookie', s.cookie)).body).toMatchObject({ roles: ['director'], scopes: ['group:payments'] });
      const lead = await login(app, 'squad-lead@demo.bearing', DEMO_PASSWORD);
      expect((await request(app.getHttpServer()).get('/api/v1/me').set('Cookie', lead.cookie)).body.scopes).toEqual(['squad:payments-core']);
    } finally {
      await app.close();
    }
  });
});
