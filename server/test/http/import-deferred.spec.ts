import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { RecomputeService } from '../../src/metrics/recompute.service.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';
import { type TestDatabase, createTestDatabase, factRows, rowCounts } from '../support/db.js';

const fixture = readFileSync(new URL('../fixtures/small-org.ndjson', import.meta.url), 'utf8');
const DEFER = { BEARING_IMPORT_DEFER_FACTS_ABOVE: '5' }; // the fixture has 20 records

const post = (app: NestExpressApplication, token: string, body: string) =>
  request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(token)).set('Content-Type', 'application/x-ndjson').send(body);
const status = async (app: NestExpressApplication, token: string) =>
  (await request(app.getHttpServer()).get('/api/v1/metrics/status').set('Authorization', bearer(token)).expect(200)).body as {
    factsVersion: string;
    rebuilding: boolean;
    pendingSince: string | null;
  };

/**
 * A large import answers once its rows are committed and rebuilds the derived facts in the
 * background (BEARING_IMPORT_DEFER_FACTS_ABOVE); the facts it leaves must equal a synchronous
 * import's, and a rebuild that never ran (the process stopped) is redone at the next start.
 */
describe('a large import answers before its derived facts are rebuilt', () => {
  let reference: Record<string, unknown>;
  const dbs: TestDatabase[] = [];
  const apps: NestExpressApplication[] = [];
  const open = async (prefix: string, env: Record<string, string> = {}) => {
    const db = await createTestDatabase(prefix);
    dbs.push(db);
    const app = await createTestApp(db.url, env);
    apps.push(app);
    return { db, app, token: await adminToken(app) };
  };

  beforeAll(async () => {
    // the same records imported the synchronous way (under the threshold: answered after the facts)
    const { db, app, token } = await open('defref');
    const res = await post(app, token, fixture).expect(200);
    expect(res.body.facts).toBe('current');
    reference = await factRows(db);
    expect((reference.deployment_facts as unknown[]).length).toBe(1); // the reference is not empty
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const db of dbs) await db.drop();
  });

  it('answers "rebuilding" with the rows committed; the facts then equal a synchronous import\'s', async () => {
    const { db, app, token } = await open('defer', DEFER);
    const before = await status(app, token);
    const res = await post(app, token, fixture).expect(200);
    expect(res.body).toMatchObject({ accepted: 20, facts: 'rebuilding' });
    expect((await rowCounts(db)).deployments).toBe(1); // the rows are there when it answers

    await app.get(RecomputeService).idle();
    const after = await status(app, token);
    expect(after).toEqual({ factsVersion: expect.any(String), rebuilding: false, pendingSince: null });
    expect(BigInt(after.factsVersion)).toBeGreaterThan(BigInt(before.factsVersion));
    expect(await factRows(db)).toEqual(reference);

    // an import at or under the threshold still answers with its facts rebuilt
    const small = await post(app, token, JSON.stringify({ type: 'deployment', id: 'dep-late', service: 'pay-api', environment: 'production', status: 'success', finishedAt: '2026-03-20T10:00:00Z' })).expect(200);
    expect(small.body.facts).toBe('current');
    expect((await status(app, token)).rebuilding).toBe(false);
    expect(await db.query(`SELECT deployment_id FROM deployment_facts WHERE deployment_id = 'dep-late'`)).toHaveLength(1);
  });

  it('a rebuild that never ran (the process stopped first) is redone when the next process starts', async () => {
    const { db, app, token } = await open('defcrash', DEFER);
    // the process "stops" between the import's commit and its background rebuild
    jest.spyOn(app.get(RecomputeService), 'defer').mockImplementation(() => undefined);
    expect((await post(app, token, fixture).expect(200)).body.facts).toBe('rebuilding');
    const pending = await status(app, token);
    expect(pending.rebuilding).toBe(true);
    expect(Date.parse(pending.pendingSince!)).not.toBeNaN();
    expect(await db.query(`SELECT 1 FROM deployment_facts`)).toHaveLength(0);
    await app.close();
    apps.splice(apps.indexOf(app), 1);

    // the next start (the process that runs the background work) finds the marker and rebuilds
    const next = await createTestApp(db.url, { BEARING_SCHEDULER: 'true', BEARING_SCHEDULER_TICK_SECONDS: '3600' });
    apps.push(next);
    const deadline = Date.now() + 30_000;
    while ((await status(next, token)).rebuilding && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await status(next, token)).toMatchObject({ rebuilding: false, pendingSince: null });
    expect(await factRows(db)).toEqual(reference);
  });

  it("an admin's whole recompute covers a pending import and clears its marker", async () => {
    const { db, app, token } = await open('defwhole', DEFER);
    jest.spyOn(app.get(RecomputeService), 'defer').mockImplementation(() => undefined);
    await post(app, token, fixture).expect(200);
    expect((await status(app, token)).rebuilding).toBe(true);
    await request(app.getHttpServer()).post('/api/v1/metrics/recompute').set('Authorization', bearer(token)).expect(200);
    expect(await status(app, token)).toMatchObject({ rebuilding: false, pendingSince: null });
    expect(await factRows(db)).toEqual(reference);
  });
});
