import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MetricsSnapshot } from '../../src/metrics/metrics-snapshot.js';
import { AVAILABLE_METRICS } from '../../src/metrics/metrics.service.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';

/**
 * No N+1: a metrics request runs a fixed number of SQL statements however many squads, services
 * and deployments its scope holds (each metric family is one set-based query over the scope).
 * Six squads in two groups, each with a service, a repository, deployments, a PR and an incident.
 */
const SQUADS = ['s1', 's2', 's3', 's4', 's5', 's6'];
/** every metric but the library's freshness (library-wide, cached per minute: a minute boundary would add its statements) */
const METRICS = AVAILABLE_METRICS.filter((k) => k !== 'pattern_library_freshness').join(',');

function org(): object[] {
  const out: object[] = [
    { type: 'group', key: 'ga', name: 'Group A' },
    { type: 'group', key: 'gb', name: 'Group B' },
  ];
  SQUADS.forEach((s, i) => {
    const repo = `acme/${s}`;
    out.push(
      { type: 'squad', key: s, name: `Squad ${s}`, group: i < 3 ? 'ga' : 'gb' },
      { type: 'repository', key: repo, squads: [s], defaultBranch: 'main' },
      { type: 'service', key: `${s}-api`, name: `${s} API`, squads: [s], repositories: [repo] },
      { type: 'pull_request', repo, number: 1, title: 'Change', body: '', author: `dev-${s}`, createdAt: '2026-03-02T09:00:00Z', mergedAt: '2026-03-03T09:00:00Z', baseBranch: 'main', headBranch: 'feat', mergeSha: `${i + 1}`.repeat(40) },
      { type: 'commit', repo, sha: `${i + 1}`.repeat(40), parents: [], author: `dev-${s}`, authoredAt: '2026-03-02T08:00:00Z', committedAt: '2026-03-02T08:00:00Z', message: 'change' },
      { type: 'incident', id: `inc-${s}`, title: 'Down', service: `${s}-api`, openedAt: '2026-03-05T10:00:00Z', resolvedAt: '2026-03-05T11:00:00Z' },
    );
    for (let d = 0; d < 1 + i; d++) {
      out.push({ type: 'deployment', id: `dep-${s}-${d}`, service: `${s}-api`, repo, environment: 'production', status: 'success', sha: `${i + 1}`.repeat(40), finishedAt: `2026-03-0${4 + (d % 4)}T12:00:00Z` });
    }
  });
  return out;
}

describe('metrics requests run a fixed number of queries, whatever the scope holds', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let token: string;

  const ttl = MetricsSnapshot.TTL_MS;
  beforeAll(async () => {
    // the per-process snapshot (settings, targets, scopes) is not per request: keep it for the
    // whole test, so a slow machine does not count its reload against one request
    (MetricsSnapshot as unknown as { TTL_MS: number }).TTL_MS = 600_000;
    db = await createTestDatabase('nplus1');
    app = await createTestApp(db.url);
    token = await adminToken(app);
    const res = await request(app.getHttpServer())
      .post('/api/v1/import')
      .set('Authorization', bearer(token))
      .set('Content-Type', 'application/x-ndjson')
      .send(org().map((r) => JSON.stringify(r)).join('\n'));
    expect({ status: res.status, rejected: res.body.rejected }).toEqual({ status: 200, rejected: [] });
  });

  afterAll(async () => {
    (MetricsSnapshot as unknown as { TTL_MS: number }).TTL_MS = ttl;
    await app.close();
    await db.drop();
  });

  /** SQL statements the app runs while answering one (cold) metrics request for `scope`. */
  async function queriesFor(scope: string, from: string): Promise<number> {
    const spy = jest.spyOn(app.get(DataSource), 'query');
    try {
      const res = await request(app.getHttpServer())
        .get(`/api/v1/metrics?scope=${scope}&from=${from}&to=2026-04-01&interval=week&metrics=${METRICS}`)
        .set('Authorization', bearer(token))
        .expect(200);
      expect(res.body.metrics.deployment_frequency.sampleSize).toBeGreaterThan(0); // a real, non-empty answer
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }

  it('one squad, a group of three and the org of six cost the same number of statements', async () => {
    // warm the snapshot and every scope's resolution once
    for (const scope of ['org', 'group:ga', 'squad:s1', 'squad:s6']) await queriesFor(scope, '2026-02-01');
    // each scope and period below is a cold computation (nothing cached for it yet)
    const squad = await queriesFor('squad:s1', '2026-03-01');
    const group = await queriesFor('group:ga', '2026-03-01');
    const whole = await queriesFor('org', '2026-03-01');
    const other = await queriesFor('squad:s6', '2026-03-01'); // six deployments, not one
    expect(squad).toBeGreaterThan(0);
    // equal, but for the org counting its squads (1 statement, for on-call load); a statement
    // per squad or per deployment would add 6 or more
    expect([group, other]).toEqual([squad, squad]);
    expect(whole - squad).toBeLessThanOrEqual(1);
    // every metric family is one statement or two; far fewer than one per squad × metric
    expect(squad).toBeLessThanOrEqual(25);
  });

  it('a batch of every scope costs one computation per scope, not one per squad inside them', async () => {
    const single = await queriesFor('squad:s2', '2026-01-05');
    const scopes = ['org', 'group:ga', 'group:gb', ...SQUADS.map((s) => `squad:${s}`)];
    const spy = jest.spyOn(app.get(DataSource), 'query');
    try {
      await request(app.getHttpServer())
        .post('/api/v1/metrics/batch')
        .set('Authorization', bearer(token))
        .send({ scopes, from: '2026-01-12', to: '2026-04-01', interval: 'week', metrics: METRICS.split(',') })
        .expect(200);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(scopes.length * single);
    } finally {
      spy.mockRestore();
    }
  });
});
