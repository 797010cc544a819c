import type { MetricsBatchResponse } from '@bearing/shared';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { type CookieSession, adminToken, bearer, createToken, createUser, login } from '../support/auth.js';

/**
 * `POST /api/v1/metrics/batch` against `GET /api/v1/metrics`. Scenario (UTC):
 *  - group g holds squads alpha (service a-api) and beta (b-api); group h holds gamma (c-api).
 *  - production successes: a-api 03-02 and 03-09, b-api 03-10, c-api 03-11, unowned-api 03-11.
 * Over [03-02, 03-16): alpha 2, beta 1, gamma 1; g 3 (2 + 1); h 1; org 5 (every one, the
 * unowned service's too). The period before, [02-16, 03-02): none.
 * A target `deployment_frequency >= 2` on squad:alpha shows in its row only.
 */
const scenario = [
  '{"type":"group","key":"g","name":"G"}',
  '{"type":"group","key":"h","name":"H"}',
  '{"type":"squad","key":"alpha","name":"Alpha","group":"g"}',
  '{"type":"squad","key":"beta","name":"Beta","group":"g"}',
  '{"type":"squad","key":"gamma","name":"Gamma","group":"h"}',
  '{"type":"service","key":"a-api","name":"A","squads":["alpha"]}',
  '{"type":"service","key":"b-api","name":"B","squads":["beta"]}',
  '{"type":"service","key":"c-api","name":"C","squads":["gamma"]}',
  '{"type":"deployment","id":"d1","service":"a-api","environment":"production","status":"success","finishedAt":"2026-03-02T08:00:00Z"}',
  '{"type":"deployment","id":"d2","service":"a-api","environment":"production","status":"success","finishedAt":"2026-03-09T08:00:00Z"}',
  '{"type":"deployment","id":"d3","service":"b-api","environment":"production","status":"success","finishedAt":"2026-03-10T12:00:00Z"}',
  '{"type":"deployment","id":"d4","service":"c-api","environment":"production","status":"success","finishedAt":"2026-03-11T12:00:00Z"}',
  '{"type":"deployment","id":"d5","service":"unowned-api","environment":"production","status":"success","finishedAt":"2026-03-11T13:00:00Z"}',
].join('\n');

const PERIOD = { from: '2026-03-02', to: '2026-03-16', interval: 'week' };

describe('POST /api/v1/metrics/batch', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let token: string;
  let director: CookieSession;
  const batch = (body: unknown, auth: (r: request.Test) => request.Test = (r) => r.set('Authorization', bearer(token))) =>
    auth(request(app.getHttpServer()).post('/api/v1/metrics/batch')).send(body as object);
  const asDirector = (r: request.Test) => r.set('Cookie', director.cookie).set('X-CSRF-Token', director.csrfToken);

  beforeAll(async () => {
    db = await createTestDatabase('mbatch');
    app = await createTestApp(db.url);
    token = await adminToken(app);
    const res = await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(token)).set('Content-Type', 'application/x-ndjson').send(scenario);
    expect(res.status).toBe(200);
    const target = await request(app.getHttpServer())
      .put('/api/v1/targets/deployment_frequency?scope=squad:alpha')
      .set('Authorization', bearer(token))
      .send({ op: '>=', value: 2 });
    expect(target.status).toBe(200);
    director = await login(app, (await createUser(app, { roles: ['director'], groups: ['g'] })).email);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('answers every scope in the order asked, each exactly as GET /metrics answers it', async () => {
    const scopes = ['group:g', 'squad:alpha', 'squad:beta', 'group:h', 'squad:gamma', 'org'];
    const res = await batch({ scopes, ...PERIOD });
    expect(res.status).toBe(200);
    const body = res.body as MetricsBatchResponse;
    expect(body.results.map((r) => [r.scope, r.metrics.deployment_frequency!.value])).toEqual([
      ['group:g', 3],
      ['squad:alpha', 2],
      ['squad:beta', 1],
      ['group:h', 1],
      ['squad:gamma', 1],
      ['org', 5],
    ]);
    // the target of squad:alpha (2 ≥ 2: met) in its row only
    expect(body.results[1]!.metrics.deployment_frequency!.target).toEqual({ op: '>=', value: 2, met: true });
    expect(body.results[0]!.metrics.deployment_frequency!.target).toBeNull();
    for (const [i, scope] of scopes.entries()) {
      const single = await request(app.getHttpServer())
        .get(`/api/v1/metrics?scope=${scope}&from=${PERIOD.from}&to=${PERIOD.to}&interval=week`)
        .set('Authorization', bearer(token));
      expect(single.status).toBe(200);
      expect(body.results[i]).toEqual(single.body);
    }
  });

  it('the previous period, a metric selection, and gzip when the client accepts it', async () => {
    const res = await batch({ scopes: ['squad:alpha', 'org'], from: '2026-02-16', to: '2026-03-02', metrics: ['deployment_frequency', 'change_failure_rate'] }).set(
      'Accept-Encoding',
      'gzip',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const body = res.body as MetricsBatchResponse;
    expect(body.results.map((r) => Object.keys(r.metrics).sort())).toEqual([
      ['change_failure_rate', 'deployment_frequency'],
      ['change_failure_rate', 'deployment_frequency'],
    ]);
    // nothing deployed in [02-16, 03-02)
    expect(body.results.map((r) => r.metrics.deployment_frequency!.value)).toEqual([0, 0]);
  });

  it('a director gets their group and squads; one scope outside it is a 403 naming that scope, with nothing answered', async () => {
    const ok = await batch({ scopes: ['group:g', 'squad:alpha', 'squad:beta'], ...PERIOD }, asDirector);
    expect(ok.status).toBe(200);
    expect((ok.body as MetricsBatchResponse).results.map((r) => r.scope)).toEqual(['group:g', 'squad:alpha', 'squad:beta']);
    for (const outside of ['squad:gamma', 'group:h', 'org']) {
      const denied = await batch({ scopes: ['squad:alpha', outside], ...PERIOD }, asDirector);
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({ code: 'forbidden', message: `scopes: '${outside}' is outside what you may read`, details: { field: 'scopes' } });
      expect(denied.body.results).toBeUndefined();
    }
    // a session without the CSRF header is refused like any other cookie-authenticated POST
    const noCsrf = await batch({ scopes: ['squad:alpha'], ...PERIOD }, (r) => r.set('Cookie', director.cookie));
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.details).toEqual({ field: 'X-CSRF-Token' });
  });

  it('read tokens may call it; ingest-only tokens may not', async () => {
    const read = (await createToken(app, ['read'])).secret;
    const ingest = (await createToken(app, ['ingest'])).secret;
    expect((await batch({ scopes: ['org'], ...PERIOD }, (r) => r.set('Authorization', bearer(read)))).status).toBe(200);
    expect((await batch({ scopes: ['org'], ...PERIOD }, (r) => r.set('Authorization', bearer(ingest)))).status).toBe(403);
    expect((await request(app.getHttpServer()).post('/api/v1/metrics/batch').send({ scopes: ['org'], ...PERIOD })).status).toBe(401);
  });

  it.each<[string, number, string, unknown]>([
    ['no scopes', 400, 'scopes', { ...PERIOD }],
    ['an empty list', 400, 'scopes', { scopes: [], ...PERIOD }],
    ['201 scopes (the limit is 200)', 400, 'scopes', { scopes: Array.from({ length: 201 }, (_, i) => `squad:s${i}`), ...PERIOD }],
    ['a malformed scope', 400, 'scopes', { scopes: ['org', 'team:x'], ...PERIOD }],
    ['an unknown squad', 404, 'scopes', { scopes: ['squad:alpha', 'squad:nope'], ...PERIOD }],
    ['no from', 400, 'from', { scopes: ['org'], to: PERIOD.to }],
    ['to before from', 400, 'to', { scopes: ['org'], from: PERIOD.to, to: PERIOD.from }],
    ['an unknown metric', 400, 'metrics', { scopes: ['org'], ...PERIOD, metrics: ['deployment_frequency', 'nope'] }],
    ['metrics as a string', 400, 'metrics', { scopes: ['org'], ...PERIOD, metrics: 'deployment_frequency' }],
  ])('%s → %i naming %s', async (_label, status, field, body) => {
    const res = await batch(body);
    expect(res.status).toBe(status);
    expect(res.body.error.details).toMatchObject({ field });
    expect(res.body.error.message).toMatch(new RegExp(`^${field}:`));
  });

  it('200 scopes are accepted', async () => {
    const scopes = Array.from({ length: 200 }, (_, i) => ['squad:alpha', 'squad:beta', 'group:g', 'org'][i % 4]!);
    const res = await batch({ scopes, ...PERIOD, metrics: ['deployment_frequency'] });
    expect(res.status).toBe(200);
    expect((res.body as MetricsBatchResponse).results).toHaveLength(200);
    expect((res.body as MetricsBatchResponse).results[199]!.scope).toBe('org');
  });

  it('a body that is not JSON is refused naming the body', async () => {
    const res = await batch('scopes=org').set('Content-Type', 'text/plain');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ field: 'body' });
  });
});
