import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';

/**
 * Scenario: svc deploys d0 (baseline) and d1 (10:00); incident i1 opens 30 h later.
 * With the default 24 h window i1 is not change-related (CFR 0/1 in the period); with the
 * org window raised to 36 h it is attributed to d1 by the heuristic (CFR 1/1); a per-service
 * override of 2 h takes precedence again (CFR 0/1).
 */
const scenario = [
  '{"type":"squad","key":"sq","name":"Squad"}',
  '{"type":"service","key":"svc","name":"Svc","squads":["sq"]}',
  '{"type":"deployment","id":"d0","service":"svc","environment":"production","status":"success","finishedAt":"2026-04-01T10:00:00Z"}',
  '{"type":"deployment","id":"d1","service":"svc","environment":"production","status":"success","finishedAt":"2026-04-06T10:00:00Z"}',
  '{"type":"incident","id":"i1","service":"svc","title":"Down","openedAt":"2026-04-07T16:00:00Z","resolvedAt":"2026-04-07T17:00:00Z"}',
].join('\n');

describe('org rules drive classification (PATCH /api/v1/settings, service overrides)', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let token: string;
  const cfr = async () =>
    (await request(app.getHttpServer()).get('/api/v1/metrics?scope=squad:sq&from=2026-04-06&to=2026-04-13&metrics=change_failure_rate').set('Authorization', bearer(token))).body
      .metrics.change_failure_rate;

  beforeAll(async () => {
    db = await createTestDatabase('set');
    app = await createTestApp(db.url);
    token = await adminToken(app);
    expect((await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(token)).set('Content-Type', 'application/x-ndjson').send(scenario)).status).toBe(200);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('re-attributes incidents when the attribution window changes, org-wide then per service', async () => {
    expect(await cfr()).toMatchObject({ value: 0, sampleSize: 1 }); // 30 h > 24 h: not change-related
    const patched = await request(app.getHttpServer()).patch('/api/v1/settings').set('Authorization', bearer(token)).send({ rules: { attributionWindowS: 36 * 3600 } });
    expect(patched.status).toBe(200);
    expect(patched.body.attributionWindowS).toBe(129600);
    expect(await cfr()).toMatchObject({ value: 1, sampleSize: 1, failed: 1 }); // 30 h ≤ 36 h
    const svc = await request(app.getHttpServer()).put('/api/v1/services/svc/settings').set('Authorization', bearer(token)).send({ attributionWindowS: 7200 });
    expect(svc.status).toBe(200);
    expect(await cfr()).toMatchObject({ value: 0, sampleSize: 1 }); // 30 h > 2 h override
  });

  it('rejects invalid settings naming the field, and changes nothing', async () => {
    const cases: [object, RegExp][] = [
      [{ timeZone: 'Atlantis/Capital' }, /^timeZone:/],
      [{ productionPattern: '(' }, /^productionPattern:/],
      [{ rules: { attributionWindowS: -5 } }, /^rules\.attributionWindowS:/],
      [{ rules: { workingHours: { start: 18, end: 9, days: [1] } } }, /^rules\.workingHours\.start:/],
      [{ colour: 'blue' }, /colour|body/],
    ];
    for (const [body, message] of cases) {
      const res = await request(app.getHttpServer()).patch('/api/v1/settings').set('Authorization', bearer(token)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await request(app.getHttpServer()).put('/api/v1/services/nope/settings').set('Authorization', bearer(token)).send({ attributionWindowS: 60 })).status).toBe(404);
    const rules = await request(app.getHttpServer()).get('/api/v1/settings/rules').set('Authorization', bearer(token));
    expect(rules.body.timeZone).toBe('UTC');
  });
});
