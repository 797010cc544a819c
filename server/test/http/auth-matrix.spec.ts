import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { type CookieSession, adminToken, bearer, createToken, createUser, login } from '../support/auth.js';

/**
 * S2: a role × route matrix. Org: group payments (squads payments-core, payments-ledger),
 * group growth (squad growth-experiments). The director holds group payments; the squad lead
 * and the viewer hold squad payments-core. Tokens are org-wide.
 */
const ORG = [
  '{"type":"group","key":"payments","name":"Payments"}',
  '{"type":"group","key":"growth","name":"Growth"}',
  '{"type":"squad","key":"payments-core","name":"Payments Core","group":"payments"}',
  '{"type":"squad","key":"payments-ledger","name":"Payments Ledger","group":"payments"}',
  '{"type":"squad","key":"growth-experiments","name":"Growth Experiments","group":"growth"}',
  '{"type":"service","key":"pay-api","name":"Pay API","squads":["payments-core"]}',
  '{"type":"service","key":"ledger-api","name":"Ledger API","squads":["payments-ledger"]}',
  '{"type":"service","key":"growth-api","name":"Growth API","squads":["growth-experiments"]}',
  '{"type":"deployment","id":"d-pay","service":"pay-api","environment":"production","status":"success","finishedAt":"2026-03-03T10:00:00Z"}',
  '{"type":"deployment","id":"d-ledger","service":"ledger-api","environment":"production","status":"success","finishedAt":"2026-03-04T10:00:00Z"}',
  '{"type":"deployment","id":"d-growth","service":"growth-api","environment":"production","status":"success","finishedAt":"2026-03-05T10:00:00Z"}',
].join('\n');

const WHO = ['admin', 'vp', 'director', 'practice_lead', 'squad_lead', 'viewer', 'ingest_token', 'read_token'] as const;
type Who = (typeof WHO)[number];
type Expect = Record<Who, number>;

const Q = 'from=2026-03-01&to=2026-04-01';
/** expected statuses in WHO order */
const row = (...s: number[]): Expect => Object.fromEntries(WHO.map((w, i) => [w, s[i]!])) as Expect;
const ALL_READERS = row(200, 200, 200, 200, 200, 200, 403, 200);
const ORG_WIDE_ONLY = row(200, 200, 403, 200, 403, 403, 403, 200);
const PAYMENTS_GROUP = row(200, 200, 200, 200, 403, 403, 403, 200);
const ADMIN_ONLY = (ok: number) => row(ok, 403, 403, 403, 403, 403, 403, 403);

interface Route {
  label?: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string | (() => string);
  body?: (who: Who) => unknown;
  contentType?: string;
  expect: Expect;
}

let seq = 0;
const ROUTES: Route[] = [
  { method: 'GET', url: '/api/v1/me', expect: row(200, 200, 200, 200, 200, 200, 200, 200) },
  { method: 'GET', url: '/api/v1/squads', expect: ALL_READERS },
  { method: 'GET', url: '/api/v1/groups', expect: ALL_READERS },
  { method: 'GET', url: '/api/v1/settings', expect: ALL_READERS },
  // metrics: the scope decides
  { method: 'GET', url: `/api/v1/metrics?scope=org&${Q}`, expect: ORG_WIDE_ONLY },
  { method: 'GET', url: `/api/v1/metrics?${Q}`, expect: ORG_WIDE_ONLY }, // no scope = org
  { method: 'GET', url: `/api/v1/metrics?scope=group:payments&${Q}`, expect: PAYMENTS_GROUP },
  { method: 'GET', url: `/api/v1/metrics?scope=group:growth&${Q}`, expect: ORG_WIDE_ONLY },
  { method: 'GET', url: `/api/v1/metrics?scope=squad:payments-core&${Q}`, expect: ALL_READERS },
  { method: 'GET', url: `/api/v1/metrics?scope=squad:payments-ledger&${Q}`, expect: PAYMENTS_GROUP },
  { method: 'GET', url: `/api/v1/metrics?scope=squad:growth-experiments&${Q}`, expect: ORG_WIDE_ONLY },
  // the batch: a read with a body, every scope in it decides (one unreadable scope → 403)
  ...(
    [
      [['squad:payments-core'], ALL_READERS],
      [['group:payments', 'squad:payments-core', 'squad:payments-ledger'], PAYMENTS_GROUP],
      [['squad:payments-core', 'org'], ORG_WIDE_ONLY],
      [['squad:payments-core', 'squad:growth-experiments'], ORG_WIDE_ONLY],
    ] as const
  ).map(([scopes, expect]): Route => ({
    label: `POST /api/v1/metrics/batch ${scopes.join(',')}`,
    method: 'POST',
    url: '/api/v1/metrics/batch',
    body: () => ({ scopes, from: '2026-03-01', to: '2026-04-01' }),
    expect,
  })),
  // drill-down events
  { method: 'GET', url: `/api/v1/metrics/deployment_frequency/events?scope=squad:payments-core&${Q}`, expect: ALL_READERS },
  { method: 'GET', url: `/api/v1/metrics/deployment_frequency/events?scope=squad:growth-experiments&${Q}`, expect: ORG_WIDE_ONLY },
  { method: 'GET', url: `/api/v1/metrics/deployment_frequency/events?scope=group:payments&${Q}`, expect: PAYMENTS_GROUP },
  { method: 'GET', url: `/api/v1/metrics/deployment_frequency/events?${Q}`, expect: ORG_WIDE_ONLY },
  // drift episodes
  { method: 'GET', url: `/api/v1/drift/episodes?scope=squad:payments-core&${Q}`, expect: ALL_READERS },
  { method: 'GET', url: `/api/v1/drift/episodes?scope=squad:growth-experiments&${Q}`, expect: ORG_WIDE_ONLY },
  { method: 'GET', url: `/api/v1/drift/episodes?scope=group:payments&${Q}`, expect: PAYMENTS_GROUP },
  { method: 'GET', url: `/api/v1/drift/episodes?${Q}`, expect: ORG_WIDE_ONLY },
  // export
  { method: 'GET', url: '/api/v1/export.ndjson?scope=squad:payments-core', expect: ALL_READERS },
  { method: 'GET', url: '/api/v1/export.ndjson?scope=squad:growth-experiments', expect: ORG_WIDE_ONLY },
  { method: 'GET', url: '/api/v1/export.ndjson?scope=group:payments', expect: PAYMENTS_GROUP },
  { method: 'GET', url: '/api/v1/export.ndjson', expect: ORG_WIDE_ONLY },
  // import: admin role or ingest scope
  {
    method: 'POST',
    url: '/api/v1/import',
    contentType: 'application/x-ndjson',
    body: () => '{"type":"squad","key":"payments-core","name":"Payments Core","group":"payments"}\n',
    expect: row(200, 403, 403, 403, 403, 403, 200, 403),
  },
  // admin: users, tokens, audit
  { method: 'GET', url: '/api/v1/users', expect: ADMIN_ONLY(200) },
  {
    method: 'POST',
    url: '/api/v1/users',
    body: (who) => ({ email: `new-${who}-${++seq}@test.bearing`, name: 'New', roles: ['viewer'], squads: ['payments-core'] }),
    expect: ADMIN_ONLY(201),
  },
  { label: 'PATCH /api/v1/users/:id', method: 'PATCH', url: () => `/api/v1/users/${ids.viewer}`, body: () => ({ name: 'Renamed Viewer' }), expect: ADMIN_ONLY(200) },
  { method: 'GET', url: '/api/v1/tokens', expect: ADMIN_ONLY(200) },
  { method: 'POST', url: '/api/v1/tokens', body: (who) => ({ name: `by ${who}`, scopes: ['read'] }), expect: ADMIN_ONLY(201) },
  { label: 'DELETE /api/v1/tokens/:id', method: 'DELETE', url: () => `/api/v1/tokens/${ids.throwawayToken}`, expect: ADMIN_ONLY(200) },
  { method: 'GET', url: '/api/v1/audit', expect: ADMIN_ONLY(200) },
  // writes of other modules default to admin only (a viewer never writes)
  { method: 'POST', url: '/api/v1/metrics/recompute', expect: ADMIN_ONLY(200) },
  // Prometheus metrics of the server: any reader
  { method: 'GET', url: '/metrics', expect: ALL_READERS },
];

const ids = { viewer: '', throwawayToken: '' };

describe('S2: role × route matrix', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const sessions = {} as Record<Exclude<Who, 'ingest_token' | 'read_token'>, CookieSession>;
  const tokens = {} as Record<'ingest_token' | 'read_token', string>;

  beforeAll(async () => {
    db = await createTestDatabase('s2');
    app = await createTestApp(db.url);
    const setup = await adminToken(app);
    const imported = await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(setup)).set('Content-Type', 'application/x-ndjson').send(ORG);
    expect(imported.status).toBe(200);
    const users = {
      admin: await createUser(app, { roles: ['admin'] }),
      vp: await createUser(app, { roles: ['vp'] }),
      director: await createUser(app, { roles: ['director'], groups: ['payments'] }),
      practice_lead: await createUser(app, { roles: ['practice_lead'] }),
      squad_lead: await createUser(app, { roles: ['squad_lead'], squads: ['payments-core'] }),
      viewer: await createUser(app, { roles: ['viewer'], squads: ['payments-core'] }),
    };
    ids.viewer = users.viewer.id;
    for (const [who, u] of Object.entries(users)) sessions[who as keyof typeof sessions] = await login(app, u.email);
    tokens.ingest_token = (await createToken(app, ['ingest'])).secret;
    tokens.read_token = (await createToken(app, ['read'])).secret;
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function call(who: Who, route: Route): Promise<number> {
    const url = typeof route.url === 'function' ? route.url() : route.url;
    let r = request(app.getHttpServer())[route.method.toLowerCase() as 'get'](url);
    if (who === 'ingest_token' || who === 'read_token') r = r.set('Authorization', bearer(tokens[who]));
    else r = r.set('Cookie', sessions[who].cookie).set('X-CSRF-Token', sessions[who].csrfToken);
    if (route.contentType) r = r.set('Content-Type', route.contentType);
    const body = route.body?.(who);
    const res = await (body === undefined ? r : r.send(body as object));
    return res.status;
  }

  it.each(ROUTES.map((r) => [r.label ?? `${r.method} ${r.url as string}`, r] as const))(
    '%s',
    async (_name, route) => {
      const actual = {} as Expect;
      for (const who of WHO) {
        if (route.label === 'DELETE /api/v1/tokens/:id') {
          ids.throwawayToken = (await createToken(app, ['read'], 'throwaway')).id;
        }
        actual[who] = await call(who, route);
      }
      expect(actual).toEqual(route.expect);
    },
  );

  it('lists only the squads and groups the caller may see', async () => {
    const get = (who: keyof typeof sessions, url: string) => request(app.getHttpServer()).get(url).set('Cookie', sessions[who].cookie);
    const keys = (res: request.Response) => (res.body.squads as { key: string }[]).map((s) => s.key).sort();
    expect(keys(await get('squad_lead', '/api/v1/squads'))).toEqual(['payments-core']);
    expect(keys(await get('director', '/api/v1/squads'))).toEqual(['payments-core', 'payments-ledger']);
    expect(keys(await get('vp', '/api/v1/squads'))).toEqual(['growth-experiments', 'payments-core', 'payments-ledger']);
    expect((await get('squad_lead', '/api/v1/groups')).body.groups).toEqual([{ key: 'payments', name: 'Payments', parent: null, squads: ['payments-core'] }]);
    expect((await get('director', '/api/v1/groups')).body.groups).toEqual([
      { key: 'payments', name: 'Payments', parent: null, squads: ['payments-core', 'payments-ledger'] },
    ]);
    expect((await get('practice_lead', '/api/v1/groups')).body.groups.map((g: { key: string }) => g.key)).toEqual(['growth', 'payments']);
  });

  it("never returns another group's events to a director (drill-down and export)", async () => {
    const s = sessions.director;
    const events = await request(app.getHttpServer()).get(`/api/v1/metrics/deployment_frequency/events?scope=group:payments&${Q}`).set('Cookie', s.cookie);
    expect(events.status).toBe(200);
    expect(events.body.rows.map((r: { deployment: { id: string } }) => r.deployment.id).sort()).toEqual(['d-ledger', 'd-pay']);
    const exported = await request(app.getHttpServer()).get('/api/v1/export.ndjson?scope=group:payments').set('Cookie', s.cookie);
    expect(exported.status).toBe(200);
    expect(exported.text).not.toContain('growth');
    expect(exported.text).toContain('d-ledger');
  });

  it("a scoped user asking for an unknown squad gets 403 (no existence leak); an org-wide one 404", async () => {
    const ghost = `/api/v1/metrics?scope=squad:ghost&${Q}`;
    expect((await request(app.getHttpServer()).get(ghost).set('Cookie', sessions.squad_lead.cookie)).status).toBe(403);
    expect((await request(app.getHttpServer()).get(ghost).set('Cookie', sessions.vp.cookie)).status).toBe(404);
    const denied = await request(app.getHttpServer()).get(`/api/v1/metrics?scope=squad:growth-experiments&${Q}`).set('Cookie', sessions.viewer.cookie);
    expect(denied.body.error).toMatchObject({ code: 'forbidden', details: { field: 'scope' } });
  });

  it('GET /me tells each caller its roles and readable scopes', async () => {
    const me = async (who: Who) => {
      const r = request(app.getHttpServer()).get('/api/v1/me');
      return (await (who.endsWith('_token') ? r.set('Authorization', bearer(tokens[who as 'read_token'])) : r.set('Cookie', sessions[who as 'vp'].cookie))).body;
    };
    expect(await me('director')).toMatchObject({ authMethod: 'session', roles: ['director'], scopes: ['group:payments'], token: null, csrfToken: expect.any(String) });
    expect(await me('squad_lead')).toMatchObject({ roles: ['squad_lead'], scopes: ['squad:payments-core'] });
    expect(await me('vp')).toMatchObject({ roles: ['vp'], scopes: ['org'] });
    expect(await me('read_token')).toMatchObject({ authMethod: 'bearer', user: null, token: { scopes: ['read'] }, scopes: ['org'] });
  });
});
