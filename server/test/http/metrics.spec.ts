import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';

/**
 * Scenario (org time zone Europe/Paris, UTC+1 in March before the 29th, UTC+2 after):
 *  - alpha owns service a-api; beta owns b-api; group g holds both squads.
 *  - d1 a-api production success 2026-03-02T08:00Z  → local Mon 03-02, week of 03-02
 *  - d2 a-api production success 2026-03-08T23:30Z  → local Mon 03-09 00:30 (UTC would say Sunday 03-08)
 *  - d3 a-api staging success 2026-03-03           → not production: excluded
 *  - d4 a-api production failure 2026-03-04        → not successful: excluded
 *  - d5 b-api live success 2026-03-10T12:00Z       → production by the pattern (live)
 *  - d6 unowned-api production success 2026-03-11  → only in the org scope
 * alpha: 2 (weeks 03-02: 1, 03-09: 1); group g: 3; org: 4.
 */
const scenario = [
  '{"type":"group","key":"g","name":"G"}',
  '{"type":"squad","key":"alpha","name":"Alpha","group":"g"}',
  '{"type":"squad","key":"beta","name":"Beta","group":"g"}',
  '{"type":"service","key":"a-api","name":"A","squads":["alpha"]}',
  '{"type":"service","key":"b-api","name":"B","squads":["beta"]}',
  '{"type":"deployment","id":"d1","service":"a-api","environment":"production","status":"success","finishedAt":"2026-03-02T08:00:00Z"}',
  '{"type":"deployment","id":"d2","service":"a-api","environment":"Production","status":"success","finishedAt":"2026-03-08T23:30:00Z"}',
  '{"type":"deployment","id":"d3","service":"a-api","environment":"staging","status":"success","finishedAt":"2026-03-03T10:00:00Z"}',
  '{"type":"deployment","id":"d4","service":"a-api","environment":"production","status":"failure","finishedAt":"2026-03-04T10:00:00Z"}',
  '{"type":"deployment","id":"d5","service":"b-api","environment":"live","status":"success","finishedAt":"2026-03-10T12:00:00Z"}',
  '{"type":"deployment","id":"d6","service":"unowned-api","environment":"production","status":"success","finishedAt":"2026-03-11T12:00:00Z"}',
].join('\n');

describe('GET /api/v1/metrics (deployment_frequency) and its drill-down', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let token: string;
  const get = (url: string) => request(app.getHttpServer()).get(url).set('Authorization', bearer(token));

  beforeAll(async () => {
    db = await createTestDatabase('met');
    await db.query(`UPDATE org_settings SET time_zone = 'Europe/Paris'`);
    app = await createTestApp(db.url);
    token = await adminToken(app);
    const res = await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(token)).set('Content-Type', 'application/x-ndjson').send(scenario);
    expect(res.status).toBe(200);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('computes per squad in the org time zone, weekly series', async () => {
    const res = await get('/api/v1/metrics?scope=squad:alpha&from=2026-03-02&to=2026-03-16&interval=week&metrics=deployment_frequency');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scope: 'squad:alpha', from: '2026-03-02', to: '2026-03-16', interval: 'week', timeZone: 'Europe/Paris' });
    const df = res.body.metrics.deployment_frequency;
    expect(df.value).toBe(2);
    expect(df.deploymentDays).toBe(2);
    expect(df.perWeek).toBe(1); // 2 ÷ 2 weeks
    expect(df.series).toEqual([
      { start: '2026-03-02', value: 1, sampleSize: 1 },
      { start: '2026-03-09', value: 1, sampleSize: 1 },
    ]);
  });

  it('group and org values come from the union of events, not an average', async () => {
    const group = await get('/api/v1/metrics?scope=group:g&from=2026-03-02&to=2026-03-16');
    expect(group.body.metrics.deployment_frequency.value).toBe(3);
    const org = await get('/api/v1/metrics?from=2026-03-02&to=2026-03-16');
    expect(org.body.scope).toBe('org');
    expect(org.body.metrics.deployment_frequency.value).toBe(4);
  });

  it('drill-down lists the deployments behind the number with the rule, paged by cursor', async () => {
    const first = await get('/api/v1/metrics/deployment_frequency/events?scope=group:g&from=2026-03-02&to=2026-03-16&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.rule).toMatch(/successful-production-deployment/);
    expect(first.body.rows.map((r: { deployment: { id: string } }) => r.deployment.id)).toEqual(['d5', 'd2']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`/api/v1/metrics/deployment_frequency/events?scope=group:g&from=2026-03-02&to=2026-03-16&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.rows.map((r: { deployment: { id: string } }) => r.deployment.id)).toEqual(['d1']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('rejects bad queries with a 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/v1/metrics?from=2026-03-02', /^to:/],
      ['/api/v1/metrics?from=2026-13-02&to=2026-03-16', /^from:/],
      ['/api/v1/metrics?from=2026-03-02&to=2026-03-16&interval=year', /^interval:/],
      ['/api/v1/metrics?from=2026-03-02&to=2026-03-16&metrics=happiness', /^metrics:/],
      ['/api/v1/metrics?from=2026-03-02&to=2026-03-16&scope=squad', /^scope:/],
      ['/api/v1/metrics/deployment_frequency/events?from=2026-03-02&to=2026-03-16&cursor=garbage', /^cursor:/],
      ['/api/v1/metrics/deployment_frequency/events?from=2026-03-02&to=2026-03-16&limit=0', /^limit:/],
    ];
    for (const [url, message] of cases) {
      const res = await get(url);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await get('/api/v1/metrics?from=2026-03-02&to=2026-03-16&scope=squad:ghost')).status).toBe(404);
  });

  it('lists squads with their services and the primary owner', async () => {
    const res = await get('/api/v1/squads');
    expect(res.status).toBe(200);
    const alpha = res.body.squads.find((s: { key: string }) => s.key === 'alpha');
    expect(alpha).toMatchObject({ name: 'Alpha', group: 'g', services: [{ key: 'a-api', name: 'A', primary: true }], repositories: [] });
    const groups = await get('/api/v1/groups');
    expect(groups.body.groups).toEqual([{ key: 'g', name: 'G', parent: null, squads: ['alpha', 'beta'] }]);
  });

  it('answers gzip to clients that accept it, the same JSON, with an ETag that a new import changes (304 until then)', async () => {
    const url = '/api/v1/metrics?scope=squad:alpha&from=2026-03-02&to=2026-03-16&interval=week';
    const plain = await get(url).set('Accept-Encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    const gz = await get(url).set('Accept-Encoding', 'gzip, deflate, br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/);
    expect(gz.body).toEqual(plain.body); // supertest inflates
    expect(gz.headers.etag).not.toBe(plain.headers.etag); // one ETag per representation
    expect((await get(url).set('Accept-Encoding', 'identity').set('If-None-Match', plain.headers.etag!)).status).toBe(304);
    // a new deployment of alpha's service: a new facts version, so a new ETag and the new count
    const imported = await request(app.getHttpServer())
      .post('/api/v1/import')
      .set('Authorization', bearer(token))
      .set('Content-Type', 'application/x-ndjson')
      .send('{"type":"deployment","id":"d7","service":"a-api","environment":"production","status":"success","finishedAt":"2026-03-12T10:00:00Z"}');
    expect(imported.status).toBe(200);
    const after = await get(url).set('Accept-Encoding', 'identity').set('If-None-Match', plain.headers.etag!);
    expect(after.status).toBe(200);
    expect(after.body.metrics.deployment_frequency.value).toBe(plain.body.metrics.deployment_frequency.value + 1); // 2 + d7
    await request(app.getHttpServer())
      .post('/api/v1/import')
      .set('Authorization', bearer(token))
      .set('Content-Type', 'application/x-ndjson')
      .send('{"type":"deployment","id":"d7","service":"a-api","environment":"production","status":"failure","finishedAt":"2026-03-12T10:00:00Z"}')
      .expect(200);
  });
});
