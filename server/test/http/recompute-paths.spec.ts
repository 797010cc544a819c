import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';
import { type TestDatabase, createTestDatabase, factRows } from '../support/db.js';

/**
 * The recompute's partial paths (RecomputeService): new commits nothing refers to take the
 * commits-only path; a deployment rebuilds only its repository's shipping; the global facts are
 * rewritten row by row. Each scenario ends by comparing every fact row with a whole rebuild by
 * a fresh process (which knows nothing of what this one wrote).
 */
describe('recompute paths leave the same facts as a whole rebuild', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase('rpath');
    app = await createTestApp(db.url);
    token = await adminToken(app);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const importRecords = async (records: object[]) => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/import')
      .set('Authorization', bearer(token))
      .set('Content-Type', 'application/x-ndjson')
      .send(records.map((r) => JSON.stringify(r)).join('\n'));
    expect({ status: res.status, rejected: res.body.rejected }).toEqual({ status: 200, rejected: [] });
  };
  const commit = (sha: string, parent: string | null, at: string) => ({
    type: 'commit', repo: 'acme/api', sha, parents: parent ? [parent] : [], author: 'ana', authoredAt: at, committedAt: at, message: `change ${sha}`,
  });
  const deployment = (id: string, sha: string, at: string) => ({
    type: 'deployment', id, service: 'api', environment: 'production', status: 'success', sha, finishedAt: at,
  });
  const wholeRebuild = async () => {
    const fresh = await createTestApp(db.url);
    try {
      await request(fresh.getHttpServer()).post('/api/v1/metrics/recompute').set('Authorization', bearer(await adminToken(fresh))).expect(200);
    } finally {
      await fresh.close();
    }
  };
  const shas = async () => ((await db.query(`SELECT sha FROM commit_facts ORDER BY sha`)) as { sha: string }[]).map((r) => r.sha);

  it('new commits arriving with a redeploy of an older commit: shipping rebuilt, and the new commits still get their facts', async () => {
    await importRecords([
      { type: 'group', key: 'g', name: 'G' },
      { type: 'squad', key: 'core', name: 'Core', group: 'g' },
      { type: 'repository', key: 'acme/api', squads: ['core'], defaultBranch: 'main' },
      { type: 'service', key: 'api', name: 'API', squads: ['core'], repositories: ['acme/api'] },
      commit('aaaa0001', null, '2026-03-02T10:00:00Z'),
      commit('aaaa0002', 'aaaa0001', '2026-03-02T11:00:00Z'),
      deployment('d1', 'aaaa0002', '2026-03-02T12:00:00Z'),
    ]);
    expect(await shas()).toEqual(['aaaa0001', 'aaaa0002']);
    // new commits nothing refers to, with a redeploy of the older aaaa0002 in the same import:
    // the commits qualify for the commits-only path while the deployment's repository is rebuilt
    // for its shipping only — the commits' facts must be written all the same
    await importRecords([
      commit('aaaa0003', 'aaaa0002', '2026-03-03T22:30:00Z'), // 22:30 UTC on a Tuesday: out of hours
      commit('aaaa0004', 'aaaa0003', '2026-03-04T10:00:00Z'),
      deployment('d2', 'aaaa0002', '2026-03-04T12:00:00Z'),
    ]);
    expect(await shas()).toEqual(['aaaa0001', 'aaaa0002', 'aaaa0003', 'aaaa0004']);
    // then commits alone (the commits-only path, no global step)
    await importRecords([commit('aaaa0005', 'aaaa0004', '2026-03-05T10:00:00Z')]);
    expect(await shas()).toEqual(['aaaa0001', 'aaaa0002', 'aaaa0003', 'aaaa0004', 'aaaa0005']);
    // and a deployment shipping them: d3 ships aaaa0003..aaaa0005 (3 commits, no PRs). Only the
    // global rows that change are rewritten: d1's fact row is the same physical row (same xmin)
    const xmin = async (id: string) => ((await db.query(`SELECT xmin::text AS x FROM deployment_facts WHERE deployment_id = $1`, [id])) as { x: string }[])[0]!.x;
    const d1Before = await xmin('d1');
    await importRecords([deployment('d3', 'aaaa0005', '2026-03-05T12:00:00Z')]);
    expect(await xmin('d1')).toBe(d1Before);
    const [d3] = (await db.query(`SELECT changes_shipped FROM deployment_facts WHERE deployment_id = 'd3'`)) as { changes_shipped: number }[];
    expect(d3!.changes_shipped).toBe(3);

    const incremental = await factRows(db);
    await wholeRebuild();
    expect(await factRows(db)).toEqual(incremental);

    // the out-of-hours commit counts: 1 of the 5 human commits of the week of 2026-03-02
    const m = await request(app.getHttpServer())
      .get('/api/v1/metrics?scope=squad:core&from=2026-03-02&to=2026-03-09&metrics=out_of_hours_commit_rate')
      .set('Authorization', bearer(token));
    expect(m.status).toBe(200);
    expect(m.body.metrics.out_of_hours_commit_rate.value).toBeCloseTo(1 / 5); // aaaa0003 only
  });

  it('deployments and incidents kept between recomputes: an incident resolved later, a deployment of another service, a recompute by another process', async () => {
    const incident = (id: string, service: string, openedAt: string, resolvedAt: string | null) => ({ type: 'incident', id, title: `down ${id}`, service, openedAt, ...(resolvedAt ? { resolvedAt } : {}) });
    await importRecords([
      { type: 'service', key: 'web', name: 'Web', squads: ['core'], repositories: [] },
      deployment('w1', 'bbbb0001', '2026-03-06T09:00:00Z'),
      { ...deployment('w1', 'bbbb0001', '2026-03-06T09:00:00Z'), service: 'web' },
      incident('inc-api', 'api', '2026-03-05T12:30:00Z', null), // open: d3 is its cause; later deployments finish during it
    ]);
    const outcome = async (id: string) =>
      ((await db.query(`SELECT failed, rework, rework_rules, recovered_at FROM deployment_facts WHERE deployment_id = $1`, [id])) as { failed: boolean; rework: boolean; rework_rules: string[] | null; recovered_at: Date | null }[])[0];
    // d4 finishes while inc-api is open: rework
    await importRecords([deployment('d4', 'aaaa0005', '2026-03-06T10:00:00Z')]);
    expect((await outcome('d4'))!.rework_rules).toContain('during-open-incident');
    expect((await outcome('d3'))!.recovered_at).toBeNull();
    // the incident resolves before d4 finished (a later import of the same id): d4 is no longer
    // rework, and d3 (its cause) recovered — read from the kept incidents plus the re-read one
    await importRecords([incident('inc-api', 'api', '2026-03-05T12:30:00Z', '2026-03-06T08:00:00Z')]);
    expect(await outcome('d4')).toMatchObject({ rework: false });
    expect((await outcome('d3'))!.recovered_at?.toISOString()).toBe('2026-03-06T08:00:00.000Z');
    // another process (a replica) imports d4 again as failed, and recomputes: the version moves
    // past what this one kept. This one then imports a deployment of another service: it must
    // read the deployments whole again — its kept d4 (a success) would count d4 again
    const replica = await createTestApp(db.url);
    try {
      await request(replica.getHttpServer())
        .post('/api/v1/import')
        .set('Authorization', bearer(await adminToken(replica)))
        .set('Content-Type', 'application/x-ndjson')
        .send(JSON.stringify({ ...deployment('d4', 'aaaa0005', '2026-03-06T10:00:00Z'), status: 'failure' }))
        .expect(200);
    } finally {
      await replica.close();
    }
    await importRecords([{ ...deployment('w2', 'bbbb0002', '2026-03-07T09:00:00Z'), service: 'web' }]);
    expect((await db.query(`SELECT counted FROM deployment_facts WHERE deployment_id = 'd4'`)) as { counted: boolean }[]).toEqual([{ counted: false }]);

    const incremental = await factRows(db);
    await wholeRebuild();
    expect(await factRows(db)).toEqual(incremental);
  });
});
