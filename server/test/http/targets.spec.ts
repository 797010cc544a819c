import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer, createUser, login } from '../support/auth.js';

/**
 * Targets per metric per scope. Scenario: squad `a` (group `g`) has baseline d0 and one change
 * c1 authored 2026-05-04T00:00Z, shipped by d1 at 2026-05-05T12:00Z → lead time 36 h = 129600 s.
 * Target "< 2 days" (172800 s) is met; "< 1 day" (86400 s) is missed.
 */
const scenario = [
  '{"type":"group","key":"g","name":"G"}',
  '{"type":"group","key":"h","name":"H"}',
  '{"type":"squad","key":"a","name":"A","group":"g"}',
  '{"type":"squad","key":"b","name":"B","group":"h"}',
  '{"type":"repository","key":"acme/a","squads":["a"],"defaultBranch":"main"}',
  '{"type":"service","key":"a-api","name":"A API","squads":["a"],"repositories":["acme/a"]}',
  '{"type":"commit","repo":"acme/a","sha":"a000000000000000000000000000000000000000","parents":[],"author":"x@acme.test","authoredAt":"2026-05-01T00:00:00Z","committedAt":"2026-05-01T00:00:00Z","message":"init"}',
  '{"type":"commit","repo":"acme/a","sha":"c100000000000000000000000000000000000000","parents":["a000000000000000000000000000000000000000"],"author":"x@acme.test","authoredAt":"2026-05-04T00:00:00Z","committedAt":"2026-05-04T00:00:00Z","message":"change"}',
  '{"type":"deployment","id":"d0","service":"a-api","repo":"acme/a","environment":"production","sha":"a000000000000000000000000000000000000000","status":"success","finishedAt":"2026-05-02T00:00:00Z"}',
  '{"type":"deployment","id":"d1","service":"a-api","repo":"acme/a","environment":"production","sha":"c100000000000000000000000000000000000000","status":"success","finishedAt":"2026-05-05T12:00:00Z"}',
].join('\n');

describe('targets: set per metric and scope, shown as met/missed', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: string;
  const lead = async () =>
    (
      await request(app.getHttpServer())
        .get('/api/v1/metrics?scope=squad:a&from=2026-05-04&to=2026-05-11&metrics=lead_time_for_changes')
        .set('Authorization', bearer(admin))
    ).body.metrics.lead_time_for_changes;

  beforeAll(async () => {
    db = await createTestDatabase('tgt');
    app = await createTestApp(db.url);
    admin = await adminToken(app);
    const res = await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(admin)).set('Content-Type', 'application/x-ndjson').send(scenario);
    expect(res.status).toBe(200);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('shows met, then missed, then no target', async () => {
    expect(await lead()).toMatchObject({ value: 129600, target: null });
    const put = (value: number) =>
      request(app.getHttpServer()).put('/api/v1/targets/lead_time_for_changes?scope=squad:a').set('Authorization', bearer(admin)).send({ op: '<', value });
    expect((await put(172800)).status).toBe(200);
    expect((await lead()).target).toEqual({ op: '<', value: 172800, met: true }); // 129600 < 172800
    expect((await put(86400)).status).toBe(200);
    expect((await lead()).target).toEqual({ op: '<', value: 86400, met: false }); // 129600 ≥ 86400
    const list = await request(app.getHttpServer()).get('/api/v1/targets?scope=squad:a').set('Authorization', bearer(admin));
    expect(list.body.targets).toEqual([{ metric: 'lead_time_for_changes', op: '<', value: 86400 }]);
    expect((await request(app.getHttpServer()).delete('/api/v1/targets/lead_time_for_changes?scope=squad:a').set('Authorization', bearer(admin))).status).toBe(204);
    expect((await lead()).target).toBeNull();
  });

  it('a director sets targets in their groups only; a squad lead cannot set them', async () => {
    const director = await createUser(app, { roles: ['director'], groups: ['g'] });
    const session = await login(app, director.email);
    const put = (scope: string) =>
      request(app.getHttpServer())
        .put(`/api/v1/targets/change_failure_rate?scope=${scope}`)
        .set('Cookie', session.cookie)
        .set('X-CSRF-Token', session.csrfToken)
        .send({ op: '<=', value: 0.15 });
    expect((await put('squad:a')).status).toBe(200);
    expect((await put('group:g')).status).toBe(200);
    expect((await put('squad:b')).status).toBe(403);
    const lead = await createUser(app, { roles: ['squad_lead'], squads: ['a'] });
    const leadSession = await login(app, lead.email);
    const res = await request(app.getHttpServer())
      .put('/api/v1/targets/change_failure_rate?scope=squad:a')
      .set('Cookie', leadSession.cookie)
      .set('X-CSRF-Token', leadSession.csrfToken)
      .send({ op: '<=', value: 0.15 });
    expect(res.status).toBe(403);
    // reading targets is scoped too: no scope means the org, outside a squad lead's view
    const orgTargets = await request(app.getHttpServer()).get('/api/v1/targets').set('Cookie', leadSession.cookie);
    expect(orgTargets.status).toBe(403);
    const own = await request(app.getHttpServer()).get('/api/v1/targets?scope=squad:a').set('Cookie', leadSession.cookie);
    expect(own.status).toBe(200);
  });

  it('sign-in only accepts JSON, so a cross-site HTML form cannot log a visitor in', async () => {
    const u = await createUser(app, { roles: ['viewer'], squads: ['a'] });
    const form = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(`email=${encodeURIComponent(u.email)}&password=${encodeURIComponent(u.password)}`);
    expect(form.status).toBe(400);
    expect(form.headers['set-cookie']).toBeUndefined();
  });

  it('rejects bad targets naming the field', async () => {
    const put = (body: object) =>
      request(app.getHttpServer()).put('/api/v1/targets/lead_time_for_changes?scope=squad:a').set('Authorization', bearer(admin)).send(body);
    expect((await put({ op: '~', value: 1 })).body.error.message).toMatch(/^op:/);
    expect((await put({ op: '<', value: 'soon' })).body.error.message).toMatch(/^value:/);
    const unknown = await request(app.getHttpServer()).put('/api/v1/targets/happiness?scope=squad:a').set('Authorization', bearer(admin)).send({ op: '<', value: 1 });
    expect(unknown.status).toBe(404);
  });
});
