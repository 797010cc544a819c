import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { runMigrations } from '../../src/database/migrate.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';
import { MetricsSnapshot } from '../../src/metrics/metrics-snapshot.js';

/**
 * R3 database outage (quality.md): with PostgreSQL stopped, health answers 503, API calls and
 * webhook-style writes fail fast with 503 (no request over 5 s, no process exit), and full
 * service returns within 10 s of PostgreSQL coming back, without a restart.
 *
 * The outage lasts RELIABILITY_OUTAGE_SECONDS (30 in `npm run test:reliability`, 4 in `npm test`).
 * This file runs its own PostgreSQL (not the suite's shared one) because it stops it.
 */
const OUTAGE_MS = Number(process.env.RELIABILITY_OUTAGE_SECONDS ?? 4) * 1000;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

describe('R3: PostgreSQL stops and comes back while the server runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bearing-r3-'));
  let port: number;
  let pg: EmbeddedDatabase;
  let app: NestExpressApplication;
  let token: string;

  beforeAll(async () => {
    port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: dir, port, database: 'bearing_r3' });
    await runMigrations(pg.url);
    app = await createTestApp(pg.url);
    token = await adminToken(app);
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const server = () => app.getHttpServer();
  const metrics = () => request(server()).get('/api/v1/metrics?scope=org&from=2026-01-01&to=2026-02-01&metrics=deployment_frequency').set('Authorization', bearer(token)).timeout(8000);
  const importOne = () =>
    request(server())
      .post('/api/v1/import')
      .set('Authorization', bearer(token))
      .set('Content-Type', 'application/x-ndjson')
      .send('{"type":"squad","key":"r3-squad","name":"R3"}')
      .timeout(8000);

  it('answers 503 fast during the outage and recovers within 10 s of PostgreSQL returning', async () => {
    expect((await request(server()).get('/api/v1/health')).status).toBe(200);
    expect((await metrics()).status).toBe(200);

    await pg.stop();
    const outageStarted = Date.now();
    const slowest: number[] = [];
    // keep calling through the whole outage: every answer is a fast 503 (health, reads, writes)
    while (Date.now() - outageStarted < OUTAGE_MS) {
      const health = await timed(() => request(server()).get('/api/v1/health').timeout(8000));
      expect(health.value.status).toBe(503);
      expect(health.value.body).toEqual({ status: 'unavailable' });
      // a metrics answer may come from the per-process snapshot (settings, facts version) for
      // its lifetime after PostgreSQL went away; after that it must be a fast 503 like the rest
      const readSent = Date.now();
      const read = await timed(metrics);
      if (readSent - outageStarted > MetricsSnapshot.TTL_MS + 50) {
        expect(read.value.status).toBe(503);
        expect(read.value.body.error.code).toBe('database_unavailable');
      } else {
        expect([200, 503]).toContain(read.value.status);
      }
      const write = await timed(importOne);
      expect(write.value.status).toBe(503);
      slowest.push(health.ms, read.ms, write.ms);
      // liveness does not depend on the database
      expect((await request(server()).get('/api/v1/live')).status).toBe(200);
    }
    expect(Math.max(...slowest)).toBeLessThan(5000);

    pg = await startEmbeddedPostgres({ dataDir: dir, port, database: 'bearing_r3' });
    const back = Date.now();
    let recoveredAfter = Infinity;
    while (Date.now() - back < 15_000) {
      const [h, m] = await Promise.all([request(server()).get('/api/v1/health').timeout(8000), metrics()]);
      if (h.status === 200 && m.status === 200) {
        recoveredAfter = Date.now() - back;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(recoveredAfter).toBeLessThan(10_000);
    // writes work again too, without a restart
    expect((await importOne()).status).toBe(200);
  }, 180_000);
});
