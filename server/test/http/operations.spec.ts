import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';

describe('operations: health, OpenAPI, Prometheus, migrations', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase('ops');
    app = await createTestApp(db.url);
    token = await adminToken(app);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('health is ok with the database reachable', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document with the fixed routes', async () => {
    const res = await request(app.getHttpServer()).get('/api/docs-json');
    expect(res.status).toBe(200);
    for (const path of ['/api/v1/health', '/api/v1/import', '/api/v1/export.ndjson', '/api/v1/metrics', '/api/v1/metrics/{key}/events', '/api/v1/squads', '/api/v1/groups']) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
  });

  it('exposes Prometheus metrics including request latency and ingested rows', async () => {
    await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(token)).set('Content-Type', 'application/x-ndjson').send('{"type":"squad","key":"s","name":"S"}');
    const res = await request(app.getHttpServer()).get('/metrics').set('Authorization', bearer(token));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/bearing_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/import"/);
    expect(res.text).toMatch(/bearing_rows_ingested_total\{type="squad"\} 1/);
  });

  it('sets security headers with a strict CSP', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/health');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('unknown API routes are a JSON 404', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/nope').set('Authorization', bearer(token));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('the committed migrations match the entities (nothing left to generate)', async () => {
    const ds = new DataSource(dataSourceOptions(db.url, 1));
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
